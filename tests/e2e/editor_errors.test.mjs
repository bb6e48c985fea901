// Journey: a user breaks the YAML. The message appears at the right line, the text stays as
// typed, and the last good cluster stays on screen marked "not applied". Fixing it applies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test('a YAML syntax error is shown at its line and keeps the text and the last good cluster', async () => {
  const page = await openPage(browser);
  await page.goto(server.origin + '/?autoplay=0');
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  await page.locator('[data-testid=node-card]').first().waitFor();
  const original = await editor.inputValue();

  // Break line 4 ("metadata:" of the DaemonSet, after the comment header) with an unclosed flow sequence.
  const lines = original.split('\n');
  const target = lines.findIndex((l) => l.startsWith('  name: fluentd-elasticsearch'));
  lines[target] = '  name: [fluentd-elasticsearch';
  const broken = lines.join('\n');
  await editor.fill(broken);
  await editor.press('Control+Enter');

  const notApplied = page.getByTestId('not-applied');
  await notApplied.waitFor();
  const problem = page.locator('[data-testid=diagnostics] .diag-error').first();
  await problem.waitFor();
  const where = await problem.locator('.diag-where').innerText();
  const line = Number(/(\d+):\d+/.exec(where)[1]);
  assert.ok(line >= target + 1 && line <= target + 3, `error reported at line ${line}, broken line is ${target + 1}`);
  assert.equal(await page.locator(`.gutter-line.mark-error[data-line="${line}"]`).count(), 1, 'the gutter marks the line');

  assert.equal(await editor.inputValue(), broken, 'the text is kept exactly');
  assert.equal(await page.getByTestId('diagnostics-stale').count(), 0, 'the problems are of the text on screen');
  await editor.press('End');
  await editor.type(' ');
  assert.match(await page.getByTestId('diagnostics-stale').innerText(), /These problems are from the last Apply; the text has changed since\./);
  await editor.press('Backspace');
  const names = await page.locator('[data-testid=node-name]').allInnerTexts();
  assert.deepEqual(names, ['control-plane', 'worker-1', 'worker-2', 'worker-3'], 'the last good cluster stays');
  await screenshot(page, 'editor-syntax-error');

  // Fixing the text and applying with the button clears the notice.
  await editor.fill(original);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await notApplied.waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-testid=diagnostics] li').count(), 0);
  await page.context().close();
});

test('an empty editor applied says there is nothing to simulate instead of applying silently', async () => {
  const page = await openPage(browser);
  await page.goto(server.origin + '/?autoplay=0');
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  await page.locator('[data-testid=node-card]').first().waitFor();
  await editor.fill('');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const warning = page.locator('[data-testid=diagnostics] li', { hasText: 'the text has no Kubernetes object' });
  await warning.waitFor();
  assert.match(await warning.innerText(), /there is nothing to simulate[\s\S]*pick a lesson/);
  await screenshot(page, 'editor-empty-text');
  await page.context().close();
});

test('clicking a problem puts the caret at its line and column, keeps the line numbers in place and the line in view', async () => {
  const page = await openPage(browser);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(server.origin + '/?autoplay=0');
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  await page.locator('[data-testid=node-card]').first().waitFor();
  const lines = (await editor.inputValue()).split('\n');
  // A misspelt field far down the text (the last Node), reported at its key.
  const at = lines.findLastIndex((l) => l.startsWith('  capacity:'));
  lines.splice(at, 0, '  capasity: {cpu: "2"}');
  const text = lines.join('\n');
  await editor.fill(text);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const problem = page.locator('[data-testid=diagnostics] li', { hasText: 'capasity' });
  await problem.waitFor();
  const [line, column] = (/(\d+):(\d+)/.exec(await problem.locator('.diag-where').innerText())).slice(1).map(Number);
  assert.equal(line, at + 1);
  assert.equal(column, 3);
  await page.evaluate(() => window.scrollTo(0, 0));
  await problem.locator('.diag-where').click();
  await page.waitForTimeout(300);
  const where = await page.evaluate((n) => {
    const area = document.querySelector('#yaml-editor');
    const row = document.querySelector(`#yaml-line-${n}`).getBoundingClientRect();
    const bar = document.querySelector('.time-controls').getBoundingClientRect();
    return {
      caret: area.selectionStart, focused: document.activeElement === area,
      scrollLeft: document.querySelector('.code-scroll').scrollLeft,
      rowTop: row.top, rowBottom: row.bottom, barBottom: bar.bottom, viewport: window.innerHeight,
    };
  }, line);
  const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  assert.equal(where.caret, offset, 'the caret is at the problem\'s column');
  assert.ok(where.focused);
  assert.equal(where.scrollLeft, 0, 'the code is not scrolled sideways over the line numbers');
  assert.ok(where.rowTop >= where.barBottom && where.rowBottom <= where.viewport, `the line is in view below the time bar: ${JSON.stringify(where)}`);
  await screenshot(page, 'editor-problem-clicked');
  await page.context().close();
});
