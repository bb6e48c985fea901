// Journey: someone opens the playground (from the site root, and from a docs sub-path) and
// sees the default scenario: the wasm mounted, the editor holds the tutorial's DaemonSet and
// the cluster pane lists the nodes parsed from that YAML. No request leaves 127.0.0.1. The
// wasm arrives as the precompressed copy that make dist ships.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, foreignRequests, screenshot, SUB_PATH } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

for (const [where, path] of [['the site root', '/'], ['a docs sub-path', SUB_PATH]]) {
  test(`opening the playground from ${where} shows the default cluster parsed from the YAML`, async () => {
    const page = await openPage(browser);
    const wasm = page.waitForResponse((r) => r.url().endsWith('_bg.wasm'));
    await page.goto(server.origin + path);
    await page.getByRole('heading', { name: 'kubeplay' }).waitFor({ timeout: 30000 });
    // The shipped precompressed copy (what the size budget counts) is what ran.
    assert.equal((await wasm).headers()['content-encoding'], 'gzip');
    assert.match(await page.locator('header').innerText(), /Kubernetes v1\.35/);

    const editor = page.getByRole('textbox', { name: /YAML/ });
    assert.match(await editor.inputValue(), /name: fluentd-elasticsearch/);

    const nodes = page.locator('[data-testid=node-card]');
    await nodes.first().waitFor({ timeout: 30000 });
    const names = await page.locator('[data-testid=node-card] [data-testid=node-name]').allInnerTexts();
    assert.deepEqual(names, ['control-plane', 'worker-1', 'worker-2', 'worker-3']);

    await screenshot(page, `skeleton-${path === '/' ? 'root' : 'subpath'}`);
    assert.deepEqual(foreignRequests(page), [], 'every request stays on 127.0.0.1');
    assert.deepEqual(page.errors, [], 'no page errors');
    await page.context().close();
  });
}
