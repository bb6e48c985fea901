// Browser benchmark of one scheduling cycle (not part of the test suite; run by
// `make bench` / scripts/bench.sh): the `bench_schedule` row in wasm. Serves DIR (the
// wasm-bindgen output of examples/bench_schedule_wasm.rs, `--target web`) on 127.0.0.1 and,
// in headless Chromium, builds each cluster, then times the snapshot and one scheduling
// cycle (`schedule_one`) with `performance.now()`, median of 7 each, as the native
// benchmark does; prints the feasible nodes and the wasm memory at the end of each row.
//
// Usage: node tests/bench/schedule-bench.mjs DIR NODES...   (10 running pods per node)
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { launchBrowser, openPage } from '../e2e/harness.mjs';

const [dir, ...counts] = process.argv.slice(2);
if (!dir || counts.length === 0) {
  console.error('usage: node tests/bench/schedule-bench.mjs DIR NODES...');
  process.exit(2);
}
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const PAGE = '<!doctype html><title>schedule bench</title><link rel="icon" href="data:,">';
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://127.0.0.1').pathname;
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(PAGE);
    return;
  }
  try {
    const body = readFileSync(join(dir, normalize(path).replace(/^(\.\.[/\\])+/, '')));
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launchBrowser();
try {
  console.log('Median of 7 runs each (headless Chromium, wasm).');
  console.log('| nodes | pods | snapshot (ms) | cycle (ms) | feasible | µs per node | wasm memory |');
  for (const count of counts.map(Number)) {
    // A new page per row, so that each row's wasm memory is its own.
    const page = await openPage(browser);
    page.setDefaultTimeout(0);
    await page.goto(origin + '/');
    const row = await page.evaluate(async (n) => {
      const glue = await import('/bench_schedule_wasm.js');
      const wasm = await glue.default();
      const median = (f) => {
        const times = [];
        let last;
        for (let i = 0; i < 7; i++) {
          const t = performance.now();
          last = f();
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        return [last, times[3]];
      };
      const bench = new glue.ScheduleBench(n, 10);
      const [, snapshot] = median(() => bench.snapshot());
      const [feasible, cycle] = median(() => bench.cycle());
      return { pods: bench.pods(), snapshot, cycle, feasible, memory: wasm.memory.buffer.byteLength };
    }, count);
    console.log(`| ${count} | ${row.pods} | ${row.snapshot.toFixed(1)} | ${row.cycle.toFixed(1)} | ${row.feasible} | ${(row.cycle * 1000 / count).toFixed(1)} | ${(row.memory / 1048576).toFixed(0)} MiB |`);
    if (page.errors.length) console.log(`  page errors: ${page.errors.join('; ')}`);
    await page.context().close();
  }
} finally {
  await browser.close();
  server.close();
}
