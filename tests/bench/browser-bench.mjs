// Browser benchmark (not part of the test suite; run by `make bench` / scripts/bench.sh):
// serves dist/ on 127.0.0.1 and, in headless Chromium, measures the page load (navigation
// to a usable editor, and to the simulated board; median of 5 loads, on 127.0.0.1 and with
// the network emulated at 1.6 Mbit/s down and 150 ms latency), the engine worker (load +
// simulate, the `kubeplay:apply` measure from sending the text to the answer) on generated
// clusters, the frame time of a playback tick (`kubeplay:tick`) while a rolling update plays
// at 20x, and the page's JS heap.
//
// Usage: node tests/bench/browser-bench.mjs DIR NODES...   (DIR holds scale-<NODES>.yaml)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage } from '../e2e/harness.mjs';

const [dir, ...counts] = process.argv.slice(2);
if (!dir || counts.length === 0) {
  console.error('usage: node tests/bench/browser-bench.mjs DIR NODES...');
  process.exit(2);
}
const TICK_NODES = new Set([100, 1000, 5000]);
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '-');
const mib = (x) => (Number.isFinite(x) ? `${(x / 1048576).toFixed(1)} MiB` : '-');
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
};

const server = await startServer();
const browser = await launchBrowser();
try {
  // Page load: navigation start -> the editor in the page, and -> the first node card of the
  // simulated board (recorded in the page by a MutationObserver), median of 5 loads.
  const RECORD = () => {
    const seen = () => {
      if (!window.kubeplayEditorAt && document.getElementById('yaml-editor')) window.kubeplayEditorAt = performance.now();
      if (!window.kubeplayBoardAt && document.querySelector('[data-testid=node-card]')) window.kubeplayBoardAt = performance.now();
    };
    new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  };
  for (const [label, network] of [
    ['127.0.0.1', null],
    ['1.6 Mbit/s down, 150 ms latency', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 }],
  ]) {
    const editor = [];
    const board = [];
    for (let i = 0; i < 5; i++) {
      const page = await openPage(browser);
      await page.addInitScript(RECORD);
      if (network) {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', network);
      }
      await page.goto(server.origin + '/');
      await page.waitForFunction(() => window.kubeplayBoardAt, null, { timeout: 60_000 });
      editor.push(await page.evaluate(() => window.kubeplayEditorAt));
      board.push(await page.evaluate(() => window.kubeplayBoardAt));
      await page.context().close();
    }
    console.log(`page load (${label}, median of 5): editor ${ms(quantile(editor, 0.5))}, board ${ms(quantile(board, 0.5))}`);
  }

  console.log('');
  console.log('nodes   engine apply (load+simulate)  tick median  tick p95   ticks  JS heap');
  for (const count of counts.map(Number)) {
    const text = readFileSync(join(dir, `scale-${count}.yaml`), 'utf8');
    const page = await openPage(browser);
    page.setDefaultTimeout(0);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(server.origin + '/');
    await page.locator('[data-testid=clock]').waitFor();
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('2000');
    await page.evaluate((t) => {
      const area = document.getElementById('yaml-editor');
      area.value = t;
      area.dispatchEvent(new InputEvent('input', { bubbles: true }));
      performance.clearMeasures();
    }, text);
    await page.evaluate(() => setTimeout(() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Apply').click(), 0));
    await page.waitForFunction(() => performance.getEntriesByName('kubeplay:apply').length > 0, null, { timeout: 0, polling: 500 });
    const apply = await page.evaluate(() => performance.getEntriesByName('kubeplay:apply')[0].duration);
    let ticks = [];
    if (TICK_NODES.has(count)) {
      await page.evaluate(() => performance.clearMeasures('kubeplay:tick'));
      await page.waitForFunction(() => {
        const m = (document.querySelector('[data-testid=clock]')?.textContent ?? '').match(/(\d+) of (\d+)/);
        return m && m[1] === m[2] && !document.querySelector('button[aria-label=Pause]');
      }, null, { timeout: 0, polling: 250 });
      ticks = await page.evaluate(() => performance.getEntriesByName('kubeplay:tick').map((e) => e.duration));
    }
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
    console.log([
      String(count).padEnd(7), ms(apply).padEnd(29), ms(quantile(ticks, 0.5)).padEnd(12),
      ms(quantile(ticks, 0.95)).padEnd(10), String(ticks.length).padEnd(6), mib(heap),
    ].join(' '));
    if (page.errors.length) console.log(`        page errors: ${page.errors.join('; ')}`);
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.close();
}
