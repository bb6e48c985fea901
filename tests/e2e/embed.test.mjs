// Journeys of embedding (docs/embedding.md), against the release build: a documentation page on
// another path embeds the playground in an iframe; a host page drives it through postMessage
// and gets its state events; a page calls the JavaScript API and gets what the command line
// prints; ?src= loads a scenario from the same site and refuses anything else, keeping the
// current work; the Embed dialog writes the iframe snippet. No request leaves 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, foreignRequests, screenshot, settled, ROOT, SUB_PATH } from './harness.mjs';

const BIG = 'x: ' + 'y'.repeat(300 * 1024) + '\n';
let server;
let browser;
before(async () => {
  server = await startServer({
    '/guide/daemonsets.html': `<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body><h1>DaemonSets</h1>
      <iframe title="kubeplay" width="700" height="450" src="..${SUB_PATH}?embed&lesson=rolling-update&autoplay=1"></iframe></body></html>`,
    '/big.yaml': BIG,
  });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.close(); });

/** The command line's output for a file (the debug build, built when missing). */
function cli(args) {
  const bin = join(ROOT, 'target', 'debug', 'kubeplay');
  if (!existsSync(bin)) execFileSync('cargo', ['build', '--offline', '--bin', 'kubeplay'], { cwd: ROOT });
  return JSON.parse(execFileSync(bin, args, { cwd: ROOT, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] }).toString());
}

/** Waits until the host page has received a kubeplay event matching `predicate`; returns it. */
async function event(page, predicate) {
  const handle = await page.waitForFunction((source) => {
    const match = new Function(`return ${source}`)();
    return (window.kubeplayEvents || []).slice().reverse().find(match);
  }, predicate.toString(), { timeout: 30000 });
  return handle.jsonValue();
}

test('a documentation page on another path embeds the playground in embed mode and plays a lesson', async () => {
  const page = await openPage(browser);
  await page.goto(server.origin + '/guide/daemonsets.html');
  const frame = page.frameLocator('iframe');
  await frame.locator('[data-testid=node-card]').first().waitFor({ timeout: 30000 });
  assert.equal(await frame.getByRole('heading', { name: 'kubeplay' }).count(), 0, 'no full header in embed mode');
  assert.equal(await frame.getByRole('textbox', { name: 'YAML editor' }).count(), 0, 'the editor is hidden by default');
  assert.match(await frame.locator('.embed-bar').innerText(), /Rolling update, maxUnavailable: 1/);
  // Autoplay: the lesson plays, so the clock moves on by itself.
  await frame.getByRole('button', { name: 'Pause' }).waitFor();
  const clock = frame.locator('[data-testid=clock]');
  const first = await clock.innerText();
  await page.waitForFunction(
    (before) => document.querySelector('iframe').contentDocument.querySelector('[data-testid=clock]')?.textContent !== before,
    first,
    { timeout: 30000 },
  );
  // The editor can be shown; "Open in kubeplay" leads to the full playground with the lesson.
  await frame.getByRole('button', { name: 'Show the editor' }).click();
  assert.match(await frame.getByRole('textbox', { name: 'YAML editor' }).inputValue(), /maxUnavailable: 1/);
  const open = frame.getByRole('link', { name: /Open in kubeplay/ });
  assert.equal(await open.getAttribute('href'), `${server.origin}${SUB_PATH}?autoplay=1&lesson=rolling-update`);
  assert.equal(await open.getAttribute('target'), '_blank');
  await screenshot(page, 'embed-iframe');
  assert.deepEqual(foreignRequests(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a host page drives the embedded playground through postMessage and receives its state events', async () => {
  const page = await openPage(browser);
  await page.goto(server.origin + '/docs/example.html');
  const ready = await event(page, (e) => e.type === 'kubeplay:ready');
  assert.equal(ready.kubernetesVersion, 'v1.35');
  // Without autoplay the embedded lesson shows its settled cluster, paused.
  const settled = await event(page, (e) => e.type === 'kubeplay:state' && e.frame === e.frames - 1);
  assert.equal(settled.playing, false);
  assert.ok(settled.pods.total > 0 && settled.pods.ready === settled.pods.total, JSON.stringify(settled.pods));

  // load: the example's YAML (two nodes, a DaemonSet with nodeSelector disktype: ssd).
  await page.evaluate(() => { window.kubeplayEvents.length = 0; });
  await page.getByRole('button', { name: 'Load the YAML below' }).click();
  const loaded = await event(page, (e) => e.type === 'kubeplay:state' && e.frame === e.frames - 1);
  assert.equal(loaded.playing, false);
  assert.equal(loaded.errors, 0);
  assert.deepEqual(loaded.pods, { total: 1, running: 1, pending: 0, ready: 1, terminating: 0 });
  const frame = page.frameLocator('iframe');
  assert.deepEqual(await frame.locator('[data-testid=node-card] [data-testid=node-name]').allInnerTexts(), ['worker-1', 'worker-2']);

  // play: from the start, the events say so.
  await page.getByRole('button', { name: 'Play' }).click();
  const playing = await event(page, (e) => e.type === 'kubeplay:state' && e.playing);
  assert.ok(playing.endMs > 0 && playing.playheadMs <= playing.endMs);

  // seek: back to 0 ms, paused on the last frame at 0 ms (everything that happens at 0s applied).
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByLabel('Seek to').fill('0');
  await page.getByRole('button', { name: 'Seek' }).click();
  const sought = await event(page, (e) => e.type === 'kubeplay:state' && !e.playing && e.playheadMs === 0);
  assert.equal(sought.playheadMs, 0);
  assert.equal(sought.time, '0s');
  assert.match(await page.locator('#state').innerText(), /paused at 0s/);

  // step: one frame on.
  await page.getByRole('button', { name: 'Step' }).click();
  const next = sought.frame + 1;
  const stepped = await page.waitForFunction((n) => window.kubeplayEvents.find((e) => e.type === 'kubeplay:state' && e.frame === n), next);
  assert.ok(await stepped.jsonValue());
  await screenshot(page, 'embed-host-page');
  assert.deepEqual(foreignRequests(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a page calls explain and simulate through the JavaScript API and gets what the command line prints', async () => {
  const page = await openPage(browser);
  await page.goto(server.origin + '/docs/example.html');
  await page.getByRole('button', { name: 'explain(yaml)' }).click();
  await page.waitForFunction(() => document.getElementById('result').textContent.includes('kubernetesVersion'));
  for (const file of ['05-resources-and-preemption.yaml', '03-node-selector.yaml']) {
    const path = join('scenarios', 'lessons', file);
    const yaml = readFileSync(join(ROOT, path), 'utf8');
    const fromApi = await page.evaluate(async (text) => (await window.kubeplay()).explain(text), yaml);
    assert.deepEqual(fromApi, cli(['explain', path, '--output', 'json']), `explain ${file}`);
  }
  const path = join('scenarios', 'lessons', '06-rolling-update.yaml');
  const yaml = readFileSync(join(ROOT, path), 'utf8');
  const simulated = await page.evaluate(async (text) => (await window.kubeplay()).simulate(text, { until: 'stable' }), yaml);
  assert.deepEqual(simulated, cli(['simulate', path, '--until', 'stable', '--output', 'json']));
  const error = await page.evaluate(async () => {
    try { await (await window.kubeplay()).explain('kind: Node\nmetadata:\n  name: [oops\n'); return null; } catch (e) { return String(e); }
  });
  assert.match(error, /^Error: <input>:\d+:\d+: error: /);
  assert.equal(await page.evaluate(async () => (await window.kubeplay()).version()), 'v1.35');
  assert.deepEqual(foreignRequests(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('?src= loads a scenario file from the same site', async () => {
  const page = await openPage(browser);
  await page.goto(`${server.origin}${SUB_PATH}?src=scenarios/lessons/03-node-selector.yaml&lang=en`);
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  await page.waitForFunction(() => document.querySelector('textarea')?.value.includes('zone-b'));
  assert.equal(await editor.inputValue(), readFileSync(join(ROOT, 'scenarios', 'lessons', '03-node-selector.yaml'), 'utf8'));
  assert.equal(await page.locator('[data-testid=notice]').count(), 0);
  await page.context().close();
});

for (const [name, src, message] of [
  ['an absolute URL to another origin', 'https://evil.example/a.yaml', 'Not loaded: “https://evil.example/a.yaml” is not a relative URL on this site. Your current work is kept.'],
  ['a scheme-relative URL', '//evil.example/a.yaml', 'Not loaded: “//evil.example/a.yaml” is not a relative URL on this site. Your current work is kept.'],
  ['a javascript: URL', 'javascript:alert(1)', 'Not loaded: “javascript:alert(1)” is not a relative URL on this site. Your current work is kept.'],
  ['a backslash path', '/\\evil.example/a.yaml', 'Not loaded: “/\\evil.example/a.yaml” is not a relative URL on this site. Your current work is kept.'],
  ['a file over the size cap', 'big.yaml', 'Not loaded: “big.yaml” is larger than 256 KB. Your current work is kept.'],
  ['a missing file', 'nope.yaml', 'Could not load “nope.yaml” (HTTP 404). Your current work is kept.'],
]) {
  test(`?src= refuses ${name} with a clear message and keeps the current work`, async () => {
    const page = await openPage(browser);
    await page.goto(`${server.origin}/?lang=en&src=${encodeURIComponent(src)}`);
    const notice = page.locator('[data-testid=notice]');
    await notice.waitFor({ timeout: 30000 });
    assert.equal(await notice.innerText(), message + '\n×');
    assert.match(await page.getByRole('textbox', { name: 'YAML editor' }).inputValue(), /name: fluentd-elasticsearch/);
    assert.deepEqual(foreignRequests(page), [], 'no request to any other origin');
    await notice.getByRole('button', { name: 'Close' }).click();
    assert.equal(await notice.count(), 0);
    await page.context().close();
  });
}

test('?lesson= with an unknown id says so and keeps the current work', async () => {
  const page = await openPage(browser);
  await page.goto(`${server.origin}/?lang=en&lesson=nope`);
  const notice = page.locator('[data-testid=notice]');
  await notice.waitFor({ timeout: 30000 });
  assert.equal(await notice.locator('span').innerText(), 'There is no lesson “nope”. Your current work is kept.');
  assert.match(await page.getByRole('textbox', { name: 'YAML editor' }).inputValue(), /name: fluentd-elasticsearch/);
  await page.context().close();
});

test('the Embed dialog writes the iframe snippet for the lesson on screen and the chosen options', async () => {
  const page = await openPage(browser);
  await page.goto(`${server.origin}${SUB_PATH}?lesson=max-surge&lang=en`);
  await page.locator('[data-testid=node-card]').first().waitFor();
  await page.getByRole('button', { name: 'Embed' }).click();
  const dialog = page.getByRole('dialog', { name: 'Embed this playground' });
  const snippet = dialog.locator('[data-testid=embed-snippet]');
  const base = `${server.origin}${SUB_PATH}`;
  assert.equal(await snippet.inputValue(),
    `<iframe src="${base}?embed&amp;lang=en&amp;lesson=max-surge" width="700" height="450" title="kubeplay" style="border:1px solid #d0d7de;border-radius:8px" loading="lazy"></iframe>`);
  await dialog.getByLabel('Play automatically').check();
  assert.match(await snippet.inputValue(), /\?embed&amp;autoplay=1&amp;lang=en&amp;lesson=max-surge"/);
  await dialog.getByLabel('Show the editor').check();
  assert.match(await snippet.inputValue(), /\?embed&amp;editor=1&amp;autoplay=1&amp;lang=en&amp;lesson=max-surge"/);
  await screenshot(page, 'embed-dialog');
  await dialog.getByRole('button', { name: 'Close' }).click();
  assert.equal(await page.getByRole('dialog').count(), 0);
  await page.getByRole('button', { name: 'Embed' }).click();
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.getByRole('dialog').count(), 0, 'Escape closes the dialog');

  // An edited text travels in the snippet's link, and the embedded page opens it.
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  const edited = (await editor.inputValue()).replace('name: worker-3', 'name: worker-9');
  await editor.fill(edited);
  await page.getByRole('button', { name: 'Embed' }).click();
  assert.match(await dialog.getByTestId('embed-edited').innerText(), /Your edited text is in the link/);
  await page.waitForFunction(() => document.querySelector('[data-testid=embed-snippet]').value.includes('#'));
  const code = await snippet.inputValue();
  assert.doesNotMatch(code, /lesson=/, 'the edited text, not the lesson');
  const src = code.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  assert.deepEqual(page.errors, []);
  await page.context().close();
  const embedded = await openPage(browser, { viewport: { width: 700, height: 450 } });
  await embedded.goto(src);
  await embedded.locator('[data-testid=node-card][data-node=worker-9]').waitFor();
  await settled(embedded);
  assert.deepEqual(embedded.errors, []);
  await embedded.context().close();
});
