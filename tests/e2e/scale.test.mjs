// Scale (issue 8): the shipped 5,000-node scenario loads in the playground (the "large
// cluster" entry of the lesson picker, fetched on demand), plays its rolling update to the
// end in the compact board, and the frame time of a playback tick (the `kubeplay:tick`
// performance measure) is printed at 1,000 and 5,000 nodes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, screenshot, settled, ROOT } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const SCALE = readFileSync(join(ROOT, 'scenarios', 'scale-5000.yaml'), 'utf8');

/** The shipped scenario cut down to its first `n` nodes (the DaemonSet and Scenario kept). */
export function firstNodes(text, n) {
  let nodes = 0;
  return text.split('\n---\n').filter((doc) => !/^kind: Node$/m.test(doc) || nodes++ < n).join('\n---\n');
}

/** Median, 95th percentile and maximum of the `kubeplay:tick` measures, in ms. */
async function tickTimes(page) {
  const durations = await page.evaluate(() => performance.getEntriesByName('kubeplay:tick').map((e) => e.duration));
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { ticks: sorted.length, median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? NaN };
}

/** Waits until playback has stopped at the last frame of the timeline. */
async function playedToTheEnd(page, timeout) {
  await page.waitForFunction(() => {
    const clock = document.querySelector('[data-testid=clock]')?.textContent ?? '';
    const m = clock.match(/(\d+) of (\d+)/);
    return m && m[1] === m[2] && !document.querySelector('button[aria-label=Pause]');
  }, null, { timeout, polling: 250 });
}

async function kubectl(page, view) {
  await page.getByRole('tab', { name: view }).click();
  await settled(page, 60_000);
  return page.locator('[data-testid=kubectl-output]').textContent();
}

async function assertRolledOut(page, nodes) {
  const status = await kubectl(page, 'kubectl rollout status ds');
  assert.match(status, /daemon set "node-exporter" successfully rolled out/);
  const ds = await kubectl(page, 'kubectl get ds -A');
  // NAMESPACE NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE
  assert.match(ds, new RegExp(`monitoring\\s+node-exporter\\s+${nodes}\\s+${nodes}\\s+${nodes}\\s+${nodes}\\s+${nodes}\\s`));
}

test('1,000 and 5,000-node clusters complete their rolling update in the compact board', { timeout: 240_000 }, async () => {
  const page = await openPage(browser);
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('2000');

  // 1,000 nodes, typed into the editor.
  const text = firstNodes(SCALE, 1000);
  await page.evaluate((t) => {
    const area = document.getElementById('yaml-editor');
    area.value = t;
    area.dispatchEvent(new InputEvent('input', { bubbles: true }));
  }, text);
  await page.evaluate(() => performance.clearMeasures('kubeplay:tick'));
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.locator('[data-testid=compact-board]').waitFor();
  assert.equal(await page.locator('[data-testid=compact-board] [data-node]').count(), 1000);
  await playedToTheEnd(page, 60_000);
  const small = await tickTimes(page);
  console.log(`tick frame time at 1000 nodes: median ${small.median.toFixed(1)} ms, p95 ${small.p95.toFixed(1)} ms, max ${small.max.toFixed(1)} ms over ${small.ticks} ticks`);
  await assertRolledOut(page, 1000);
  assert.ok(small.ticks > 5, `too few ticks measured: ${small.ticks}`);

  // A cell selects its node; a group title zooms into its node cards.
  await page.locator('[data-node="node-0001"]').click();
  await page.locator('[data-testid=explain-daemon]').first().waitFor();
  await page.locator('[data-zoom="zone-a"]').click();
  assert.equal(await page.locator('[data-testid=node-card]').count(), 100);
  await page.getByTestId('unzoom').click();
  await page.locator('[data-testid=compact-board]').waitFor();

  // 5,000 nodes: the "large cluster" entry of the lesson picker.
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('large-cluster');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=compact-board] [data-node]').length === 5000, null, { timeout: 90_000, polling: 500 });
  await page.evaluate(() => performance.clearMeasures('kubeplay:tick'));
  await playedToTheEnd(page, 120_000);
  const large = await tickTimes(page);
  console.log(`tick frame time at 5000 nodes: median ${large.median.toFixed(1)} ms, p95 ${large.p95.toFixed(1)} ms, max ${large.max.toFixed(1)} ms over ${large.ticks} ticks`);
  await assertRolledOut(page, 5000);
  await screenshot(page, 'scale-5000');
  assert.deepEqual(page.errors, []);
});
