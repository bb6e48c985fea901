// Layouts at the three sizes people meet the playground at (issue 20): a 1280×800 laptop, a
// 700×450 embed in a docs page, a 390×844 phone. Each test measures what a user would see
// and saves a screenshot to target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot, settled } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The page's box of `selector` (first match), rounded. */
const box = (page, selector) => page.evaluate((s) => {
  const r = document.querySelector(s).getBoundingClientRect();
  return { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right), width: Math.round(r.width) };
}, selector);

test('at 1280×800 the editor shows its lines, Why? sits beside the board, and kubectl tables are not cut', async () => {
  const page = await openPage(browser, { viewport: { width: 1280, height: 800 } });
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  await settled(page);
  const editor = await box(page, '.editor-pane');
  const board = await box(page, '.cluster-pane');
  const why = await box(page, '.explain-pane');
  assert.ok(editor.width >= 400, `the editor is ${editor.width} px wide`);
  assert.ok(why.left >= board.right && why.top === board.top, 'Why? is beside the board');
  assert.equal(await page.locator('.cluster-pane .node-list').evaluate((l) => getComputedStyle(l).gridTemplateColumns.split(' ').length), 2, 'two node cards a row');
  await page.getByRole('tab', { name: 'kubectl get pods -A -o wide' }).click();
  await settled(page);
  const output = page.getByTestId('kubectl-output');
  assert.match(await output.innerText(), /READINESS GATES/);
  assert.ok(await output.evaluate((o) => o.scrollWidth <= o.clientWidth), 'every column of get pods -o wide is in view');
  await screenshot(page, 'layout-1280x800');
  await page.context().close();
});

test('embedded at 700×450 with the editor, Why? is a sheet on top of the editor and board, not clipped', async () => {
  const page = await openPage(browser, { viewport: { width: 700, height: 450 } });
  await page.goto(server.origin + '/?embed&editor=1');
  await page.locator('[data-testid=node-card]').first().waitFor();
  await settled(page);
  await page.locator('[data-testid=node-card][data-node=control-plane] [data-testid=node-name]').click();
  await settled(page);
  const why = await box(page, '[data-testid=explain-panel]');
  assert.ok(why.left >= 0 && why.right <= 700 && why.bottom <= 450 && why.top >= 0, `inside the frame: ${JSON.stringify(why)}`);
  // Whatever point of the sheet is hit belongs to it: nothing is drawn over it.
  const covered = await page.evaluate(({ top, bottom, left, right }) => {
    const panel = document.querySelector('[data-testid=explain-panel]');
    const hits = [];
    for (let y = top + 5; y < bottom - 5; y += 20) {
      for (let x = left + 5; x < right - 5; x += 40) {
        const hit = document.elementFromPoint(x, y);
        if (!panel.contains(hit)) hits.push(`${x},${y}: ${hit?.className}`);
      }
    }
    return hits;
  }, why);
  assert.deepEqual(covered, [], 'nothing is drawn over Why?');
  await screenshot(page, 'layout-embed-700x450-why');
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('explain-panel').count(), 0, 'Escape closes the sheet');
  await page.context().close();
});

test('on a 390×844 phone, tapping a node shows its Why? under the time bar, which stays small', async () => {
  const page = await openPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  await settled(page);
  const bar = await box(page, '.time-controls');
  assert.ok(bar.bottom - bar.top <= 844 * 0.15, `the time bar is ${bar.bottom - bar.top} px tall`);
  await page.locator('[data-testid=node-card][data-node=control-plane] [data-testid=node-name]').tap();
  await settled(page);
  await page.waitForFunction(() => {
    const r = document.querySelector('[data-testid=explain-panel]').getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight / 2;
  });
  const why = await box(page, '[data-testid=explain-panel]');
  const barNow = await box(page, '.time-controls');
  assert.ok(why.top >= barNow.bottom, `Why? (top ${why.top}) is not under the time bar (bottom ${barNow.bottom})`);
  assert.match(await page.getByTestId('explain-panel').innerText(), /Why\?: control-plane[\s\S]*TaintToleration/);
  await screenshot(page, 'layout-phone-390x844-why');
  await page.context().close();
});
