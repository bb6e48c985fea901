// Journey: hostile or broken input never runs script and never loses the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const PAYLOAD = '<img src=x onerror="window.__pwned=1">';

test('markup in names, labels and messages is shown as text and never runs', async () => {
  const page = await openPage(browser);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  const yaml = [
    'apiVersion: v1',
    'kind: Node',
    'metadata:',
    `  name: "${PAYLOAD.replaceAll('"', '\\"')}"`,
    '  labels:',
    `    evil: "${PAYLOAD.replaceAll('"', '\\"')}"`,
    '  annotations:',
    `    note: "${PAYLOAD.replaceAll('"', '\\"')}"`,
    '---',
    'apiVersion: v1',
    'kind: Node',
    'metadata:',
    '  name: fine',
    '  labels:',
    '    zone: a',
  ].join('\n');
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  await editor.fill(yaml);
  await editor.press('Control+Enter');
  await page.locator('[data-testid=diagnostics] .diag-error').first().waitFor();
  const messages = await page.locator('[data-testid=diagnostics]').innerText();
  assert.ok(messages.includes('<img src=x'), 'the invalid value is quoted as text in the message');
  assert.equal(await page.locator('img[src=x]').count(), 0, 'no <img> element was created');
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script ran');
  assert.equal(dialogs, 0);
  await screenshot(page, 'robustness-markup-as-text');
  await page.context().close();
});
