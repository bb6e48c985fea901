// Shared harness for the end-to-end tests: serves dist/ on 127.0.0.1 (at the site root and
// under a sub-path; the precompressed FILE.gz copies when the browser accepts gzip), launches Debian's Chromium through playwright-core, records every
// request so tests can prove none leaves 127.0.0.1, and saves screenshots to target/e2e/.
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, extname, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const DIST = join(ROOT, 'dist');
export const SHOTS = join(ROOT, 'target', 'e2e');
/** The sub-path under which the site is also served, as a docs site would host it. */
export const SUB_PATH = '/docs/playground/';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.yaml': 'text/yaml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png', '.woff2': 'font/woff2',
};

/** Serves dist/ at `/` and at SUB_PATH; extra pages (path -> html) are served verbatim. */
export async function startServer(extraPages = {}) {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run make dist first');
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let path = decodeURIComponent(url.pathname);
    if (extraPages[path] !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(extraPages[path]);
      return;
    }
    if (path.startsWith(SUB_PATH)) path = '/' + path.slice(SUB_PATH.length);
    else if (path === SUB_PATH.slice(0, -1)) { res.writeHead(301, { location: SUB_PATH }); res.end(); return; }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(DIST, path));
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const type = TYPES[extname(file)] || 'application/octet-stream';
    // Like nginx `gzip_static on`: the precompressed copy that make dist ships, when the
    // browser accepts gzip (so every test also proves those copies work).
    if (/\bgzip\b/.test(req.headers['accept-encoding'] || '') && existsSync(file + '.gz')) {
      res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', vary: 'accept-encoding' });
      res.end(readFileSync(file + '.gz'));
      return;
    }
    res.writeHead(200, { 'content-type': type });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches headless Chromium with the flags this machine needs as root. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Playwright gives every launch a new, empty temporary profile (--user-data-dir).
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * Opens a new page that records every request URL and every page error.
 * `page.requests` and `page.errors` hold them.
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, ...options });
  const page = await context.newPage();
  page.requests = [];
  page.errors = [];
  page.on('request', (req) => page.requests.push(req.url()));
  page.on('pageerror', (err) => page.errors.push(String(err)));
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(msg.text()); });
  return page;
}

/** Requests that went anywhere but 127.0.0.1 (data: and blob: URLs are local). */
export function foreignRequests(page) {
  return page.requests.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** Saves a full-page screenshot as target/e2e/<name>.png. */
export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * Waits until the page shows what the engine has answered: the board shows the frame the time
 * controls are on, nothing is being applied, and no panel is waiting for an answer
 * (`aria-busy`). The engine runs in a Web Worker, so its answers arrive after the action.
 * The limit leaves room for the page's watchdog, which restarts an engine that has not
 * answered for 20 s; a timeout says what the page was still waiting for.
 */
export async function settled(page, timeout = 60_000) {
  try {
    await page.waitForFunction(
      () => document.querySelector('[data-testid=cluster-board][data-synced=true]') && !document.querySelector('[aria-busy=true]'),
      null,
      { timeout, polling: 50 },
    );
  } catch (error) {
    // Say what the page was waiting for: the board's state, the busy panels, the clock and
    // the status line (an engine that stopped answering is restarted after 20 s).
    const seen = await page.evaluate(() => ({
      synced: document.querySelector('[data-testid=cluster-board]')?.dataset.synced,
      busy: [...document.querySelectorAll('[aria-busy=true]')].map((e) => e.dataset.testid || e.className),
      clock: document.querySelector('[data-testid=clock]')?.textContent,
      status: [...document.querySelectorAll('[role=status]')].map((e) => e.textContent).filter(Boolean),
    })).catch(() => 'the page could not be read');
    error.message += `\nthe page: ${JSON.stringify(seen)}`;
    throw error;
  }
}

/**
 * Waits until lesson `id` (chosen in the picker) is the one on screen: its title in the lesson
 * banner (a first visit already shows the default lesson's banner, so the banner's presence
 * alone says nothing) and nothing being fetched.
 */
export async function lessonShown(page, id, timeout = 60_000) {
  await page.waitForFunction((want) => {
    const option = document.querySelector(`select option[value="${want}"]`);
    const title = document.querySelector('[data-testid=lesson-info] strong')?.textContent;
    return option && title === option.textContent.replace(/^✓ /, '')
      && !document.querySelector('[data-testid=fetch-status]');
  }, id, { timeout, polling: 50 });
}
