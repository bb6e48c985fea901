// Browser benchmark (not part of the test suite; run by `make bench` / scripts/bench.sh):
// serves dist/ on 127.0.0.1 and, in headless Chromium, measures page load to the first
// rendered playground, the wasm engine (load + simulate, the `kubeplay:apply` measure) on
// generated clusters, the frame time of a playback tick (`kubeplay:tick`) while a rolling
// update plays at 20x, the JS heap and the wasm linear memory.
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
  // Page load to interactive: navigation start -> the app's first render mark (median of 5).
  const loads = [];
  for (let i = 0; i < 5; i++) {
    const page = await openPage(browser);
    await page.goto(server.origin + '/');
    await page.waitForFunction(() => performance.getEntriesByName('kubeplay:first-render').length > 0);
    loads.push(await page.evaluate(() => performance.getEntriesByName('kubeplay:first-render')[0].startTime));
    await page.context().close();
  }
  console.log(`page load to interactive (127.0.0.1, median of 5): ${ms(quantile(loads, 0.5))}`);

  console.log('');
  console.log('nodes   wasm apply (load+simulate)  tick median  tick p95   ticks  JS heap     wasm memory');
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
    // Click Apply from a timer: the simulation blocks the page for a long time on big clusters.
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
    const wasm = await page.evaluate(() => window.kubeplayWasmBytes);
    console.log([
      String(count).padEnd(7), ms(apply).padEnd(27), ms(quantile(ticks, 0.5)).padEnd(12),
      ms(quantile(ticks, 0.95)).padEnd(10), String(ticks.length).padEnd(6), mib(heap).padEnd(11), mib(wasm),
    ].join(' '));
    if (page.errors.length) console.log(`        page errors: ${page.errors.join('; ')}`);
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.close();
}
