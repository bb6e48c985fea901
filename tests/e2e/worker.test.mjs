// The engine runs in a Web Worker (issue 14): the page's shell paints and takes typing before
// the engine has arrived; long work never blocks the page (no main-thread task over 200 ms
// while the 5,000-node lesson loads and plays, and a key typed during that apply shows
// within 100 ms); an engine that fails is replaced by a fresh one, keeping the text and the
// last good board.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot, settled } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Records every main-thread long task (buffered from navigation on). */
const RECORD_LONG_TASKS = () => {
  window.kubeplayLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.kubeplayLongTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
};

test('the editor is usable and the board says the engine is loading before the engine arrives', async () => {
  const page = await openPage(browser);
  let release;
  const held = new Promise((ok) => { release = ok; });
  // Hold the engine's wasm back until the shell has been checked.
  await page.route('**/kubeplay-engine_bg.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(server.origin + '/?autoplay=0');
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  await editor.waitFor();
  assert.match(await page.getByTestId('engine-status').innerText(), /engine is loading/);
  assert.equal(await page.locator('[data-testid=node-card]').count(), 0);
  await editor.focus();
  await page.keyboard.press('End');
  await page.keyboard.type('# typed before the engine arrived');
  assert.match(await editor.inputValue(), /# typed before the engine arrived/);
  await screenshot(page, 'worker-engine-loading');
  release();
  await page.locator('[data-testid=node-card]').first().waitFor();
  await settled(page);
  assert.equal(await page.getByTestId('engine-status').count(), 0);
  assert.match(await editor.inputValue(), /# typed before the engine arrived/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an engine that is ready before the shell starts answers the panels\' first requests too', async () => {
  const page = await openPage(browser);
  let release;
  const held = new Promise((ok) => { release = ok; });
  // Hold the shell's script back until the engine (started when the shell's wasm has
  // arrived) has said it is ready: the page hears that Ready only when it takes the worker,
  // after the kubectl panel has asked its first question.
  await page.route(/\/kubeplay-web-[^/]*\.js$/, async (route) => { await held; await route.continue(); });
  await page.goto(server.origin + '/?autoplay=0', { waitUntil: 'commit' });
  await page.waitForFunction(() => window.kubeplayEngine?.kept.length > 0, null, { polling: 50 });
  release();
  await page.locator('[data-testid=node-card]').first().waitFor();
  await settled(page, 20_000);
  assert.match(await page.getByTestId('kubectl-output').innerText(), /^NAMESPACE\s+NAME\s+DESIRED/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('when the engine cannot start, the page says so plainly and keeps the editor', async () => {
  const page = await openPage(browser);
  await page.route('**/kubeplay-engine_bg.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(server.origin + '/?autoplay=0');
  const status = page.getByTestId('engine-status').filter({ hasText: /could not run/ });
  await status.waitFor({ timeout: 30_000 });
  assert.match(await status.innerText(), /The engine could not run in this browser \(.+\)\. Your text is kept; reload the page to try again\./);
  assert.equal(await status.getAttribute('role'), 'alert');
  assert.match(await page.getByRole('textbox', { name: 'YAML editor' }).inputValue(), /kind: DaemonSet/);
  await screenshot(page, 'worker-cannot-start');
  await page.context().close();
});

test('an engine that fails is replaced by a fresh one, keeping the text and the last good board', async () => {
  const page = await openPage(browser);
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  await settled(page);
  const before = await page.locator('[data-testid=node-card] [data-testid=node-name]').allInnerTexts();
  assert.equal(page.workers().length, 1);
  // Break the running engine: its next message throws inside the worker.
  await page.workers()[0].evaluate(() => { self.onmessage = () => { throw new Error('engine broken on purpose'); }; });
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  const text = (await editor.inputValue()).replace('name: worker-3', 'name: worker-9');
  await editor.fill(text);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /The engine stopped \(.*engine broken on purpose.*\)\. A fresh engine was started/);
  assert.equal(await editor.inputValue(), text, 'the text is kept');
  assert.deepEqual(await page.locator('[data-testid=node-card] [data-testid=node-name]').allInnerTexts(), before,
    'the last good board is kept');
  await screenshot(page, 'worker-restarted');
  // The fresh engine works: applying again shows the edited cluster.
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.locator('[data-testid=node-card][data-node=worker-9]').waitFor();
  await settled(page);
  await page.context().close();
});

test('while the 5,000-node lesson loads and plays, no main-thread task exceeds 200 ms and typing shows within 100 ms', { timeout: 240_000 }, async () => {
  const page = await openPage(browser);
  await page.addInitScript(RECORD_LONG_TASKS);
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('2000');
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('large-cluster');
  // During the apply: the progress line, and a key typed into the editor.
  await page.getByTestId('engine-status').filter({ hasText: /Simulating|working/ }).waitFor({ timeout: 60_000 });
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  await editor.focus();
  await page.keyboard.press('Control+End');
  // The key's latency: from its keydown to the first frame drawn after the text changed.
  await page.evaluate(() => {
    const area = document.getElementById('yaml-editor');
    let pressed = 0;
    area.addEventListener('keydown', () => { pressed = performance.now(); }, { once: true });
    area.addEventListener('input', () => requestAnimationFrame(() => { window.kubeplayKeyToScreen = performance.now() - pressed; }), { once: true });
  });
  await page.keyboard.type('#');
  const keyToScreen = await (await page.waitForFunction(() => window.kubeplayKeyToScreen)).jsonValue();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=compact-board] [data-node]').length === 5000, null, { timeout: 120_000, polling: 500 });
  await page.waitForFunction(() => {
    const clock = document.querySelector('[data-testid=clock]')?.textContent ?? '';
    const m = clock.match(/(\d+) of (\d+)/);
    return m && m[1] === m[2] && !document.querySelector('button[aria-label=Pause]');
  }, null, { timeout: 180_000, polling: 250 });
  const tasks = await page.evaluate(() => window.kubeplayLongTasks);
  const longest = Math.max(0, ...tasks);
  const over50 = tasks.filter((d) => d > 50).length;
  console.log(`5,000 nodes: longest main-thread task ${longest.toFixed(0)} ms, ${over50} tasks over 50 ms; a key typed during the apply showed after ${keyToScreen.toFixed(0)} ms`);
  assert.ok(longest <= 200, `a main-thread task took ${longest.toFixed(0)} ms`);
  assert.ok(keyToScreen <= 100, `the typed key showed after ${keyToScreen.toFixed(0)} ms`);
  await screenshot(page, 'worker-scale-5000');
  await page.context().close();
});

test('a newer apply stops a long one under way: a fresh engine takes it at once', { timeout: 120_000 }, async () => {
  const page = await openPage(browser);
  const workers = [];
  page.on('worker', (worker) => workers.push(worker));
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('large-cluster');
  // The apply is under way from the moment the status line shows: first "working" while the
  // objects load, then "Simulating" with the progress of playback. (Waiting for the progress
  // alone can come too late: it starts with playback, and a 5,000-node run may end before the
  // newer apply is asked for.)
  await page.getByTestId('engine-status').filter({ hasText: /Simulating|working/ }).waitFor({ timeout: 60_000 });
  const started = Date.now();
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('default');
  await page.locator('[data-testid=node-card][data-node=worker-3]').waitFor({ timeout: 30_000 });
  await settled(page);
  const took = Date.now() - started;
  console.log(`the default lesson replaced the 5,000-node apply under way after ${took} ms`);
  assert.equal(workers.length, 2, 'the busy engine was replaced by a fresh one');
  assert.equal(await page.locator('[data-testid=compact-board]').count(), 0, 'the 5,000-node run never showed');
  assert.equal(await page.getByTestId('notice').count(), 0, 'replacing a busy engine is not an error');
  await page.context().close();
});

test('the tools worker is not fetched at first paint; the matrix starts it, and it answers about the current text, even after it fails', { timeout: 120_000 }, async () => {
  const page = await openPage(browser);
  const workers = [];
  page.on('worker', (worker) => workers.push(worker));
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  await settled(page);
  // (from the network: a worker's own fetches are not in the page's resource timing)
  const toolsFetched = () => [...new Set(page.requests.map((url) => url.split('/').pop())
    .filter((name) => name.startsWith('kubeplay-tools')))].sort();
  assert.deepEqual(toolsFetched(), [], 'no tools worker at first paint');
  assert.equal(workers.length, 1, 'the engine alone');

  // The node × plugin matrix of a pod: the tools worker starts and answers.
  await page.locator('[data-testid=node-card][data-node=worker-1] [data-testid=pod] button').first().click();
  await page.getByRole('tab', { name: 'Node × plugin' }).click();
  await settled(page);
  assert.match(await page.getByTestId('matrix').innerText(), /4 node\(s\)/);
  assert.deepEqual(toolsFetched(), ['kubeplay-tools.js', 'kubeplay-tools_bg.wasm']);
  assert.equal(workers.length, 2, 'the engine and the tools worker');
  await screenshot(page, 'worker-tools-matrix');

  // A new text: the tools worker answers about it (its export names the renamed node).
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  await editor.fill((await editor.inputValue()).replace('name: worker-3', 'name: worker-9'));
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.locator('[data-testid=node-card][data-node=worker-9]').waitFor();
  await settled(page);
  await page.locator('summary', { hasText: 'Export' }).click();
  const exported = async () => {
    await page.getByRole('button', { name: 'Download YAML' }).click();
    await page.waitForFunction(() => /kind: DaemonSet/.test(document.querySelector('[data-testid=export-text]')?.value || ''));
    return page.getByTestId('export-text').inputValue();
  };
  let text = await exported();
  assert.match(text, /^ {2}name: worker-9$/m);
  assert.doesNotMatch(text, /^ {2}name: worker-3$/m);

  // A tools worker that fails: the export says what happened, and a fresh one answers the next.
  await workers[1].evaluate(() => { self.onmessage = () => { throw new Error('tools broken on purpose'); }; });
  await page.getByRole('button', { name: 'Download YAML' }).click();
  await page.waitForFunction(() => /tools broken on purpose/.test(document.querySelector('[data-testid=export-text]')?.value || ''));
  await page.getByRole('button', { name: 'Copy kind config' }).click();
  await page.waitForFunction(() => (document.querySelector('[data-testid=export-text]')?.value || '').includes('kind: Cluster'));
  text = await exported();
  assert.match(text, /^ {2}name: worker-9$/m);
  assert.equal(workers.length, 3, 'a fresh tools worker');
  await screenshot(page, 'worker-tools-export');
  await page.context().close();
});
