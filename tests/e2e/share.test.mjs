// Share links, saved work, Reset and Export (issue 7), against the release build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, screenshot, ROOT, settled, lessonShown } from './harness.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const DEFAULT = readFileSync(join(ROOT, 'scenarios', 'default.yaml'), 'utf8');
const CLIPBOARD = { permissions: ['clipboard-read', 'clipboard-write'] };

async function open(path = '/', options = {}) {
  const page = await openPage(browser, options);
  await page.goto(server.origin + path);
  await page.locator('[data-testid=node-card]').first().waitFor();
  return page;
}

const editor = (page) => page.getByRole('textbox', { name: /YAML editor|YAML 编辑器/ });
const slider = (page) => page.getByRole('slider');

/** Node name -> daemon pods (status, ready, revision) as the board shows them. */
async function board(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid=node-card]')].map((card) => [
    card.dataset.node,
    [...card.querySelectorAll('[data-testid=pod]')].map((p) => ({ status: p.dataset.status, ready: p.dataset.ready, revision: p.dataset.revision })),
  ])));
}

/** Waits until the saved work in localStorage contains `text`. */
async function savedContains(page, text) {
  await page.waitForFunction((t) => (localStorage.getItem('kubeplay.work.v1') || '').includes(t), text);
}

/** Clicks "Copy link" and returns the link the notice shows. */
async function copyLink(page, name = 'Copy link') {
  await page.getByRole('button', { name, exact: true }).click();
  const link = page.getByTestId('share-link');
  await link.waitFor();
  return link.inputValue();
}

test('a share link restores the text, the position on the timeline, the language and the layout in a fresh browser', async () => {
  const page = await open('/', CLIPBOARD);
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('rolling-update');
  await lessonShown(page, 'rolling-update');
  const text = (await editor(page).inputValue()).replace('kind: Scenario', '# shared with a friend\nkind: Scenario');
  await editor(page).fill(text);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await slider(page).fill('7');
  await page.waitForFunction(() => document.querySelector('[data-testid=clock]').textContent.includes('step 8 of'));
  await page.getByRole('button', { name: 'Explain node worker-2' }).click();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  const before = { board: await board(page), clock: await page.getByTestId('clock').innerText() };

  const link = await copyLink(page, '复制链接');
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#v1\.[A-Za-z0-9_-]+$/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link, 'the link is on the clipboard');
  assert.match(await page.getByTestId('notice').innerText(), /链接已复制到剪贴板。\s*（\d+ 个字符）/);
  await screenshot(page, 'share-link-copied');
  await page.context().close();

  const fresh = await open(link.slice(server.origin.length));
  await fresh.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await fresh.waitForFunction(() => document.querySelector('[data-testid=clock]').textContent.includes('8'));
  assert.equal(await editor(fresh).inputValue(), text);
  assert.equal(await slider(fresh).inputValue(), '7');
  assert.equal(await fresh.getByTestId('clock').innerText(), before.clock);
  assert.deepEqual(await board(fresh), before.board);
  assert.match(await fresh.getByTestId('lesson-info').innerText(), /滚动更新/);
  assert.match(await fresh.getByTestId('explain-panel').innerText(), /worker-2/);
  assert.equal(await fresh.evaluate(() => location.hash), '', 'the link leaves the address bar once opened');
  await screenshot(fresh, 'share-link-opened');
  await fresh.context().close();
});

test('links that cannot be opened explain why and show the default lesson', async () => {
  const cases = [
    ['#v1.AAAA', /This link is damaged \(cut short or altered\) and cannot be opened\. Your current work is kept\. not deflate data/],
    ['#v1.@@@', /This link is damaged[\s\S]*not base64url/],
    ['#v9.abcdef', /This link was made by another version of kubeplay and cannot be opened\.[\s\S]*prefix "v9\.abcde"/],
    [`#v1.${'A'.repeat(300000)}`, /This link is too large to open\./],
  ];
  for (const [fragment, message] of cases) {
    const page = await open('/' + fragment);
    const notice = page.getByRole('alert');
    await notice.waitFor();
    assert.match(await notice.innerText(), message, fragment.slice(0, 20));
    assert.equal(await editor(page).inputValue(), DEFAULT);
    // The notice shows at once; the default lesson's board comes with the engine's answer.
    await page.locator('[data-testid=node-card]').first().waitFor();
    assert.equal(Object.keys(await board(page)).length, 4);
    if (fragment === '#v1.AAAA') await screenshot(page, 'share-link-corrupt');
    await page.context().close();
  }
});

test('a damaged link pasted into an open page keeps the work on screen', async () => {
  const page = await open();
  const mine = DEFAULT.replace('worker-3', 'worker-9');
  await editor(page).fill(mine);
  await page.evaluate(() => { location.hash = 'v1.not-a-deflate-stream'; });
  await page.getByRole('alert').waitFor();
  assert.equal(await editor(page).inputValue(), mine);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await page.getByRole('alert').count(), 0);
  await page.context().close();
});

test('the default lesson makes a link under 2,000 characters, and every lesson gets one', async () => {
  const page = await open('/', CLIPBOARD);
  const lengths = { default: (await copyLink(page)).length };
  const ids = await page.evaluate(() => [...document.querySelectorAll('select[aria-label=Lessons] option')].map((o) => o.value).filter(Boolean));
  assert.ok(ids.length >= 10, ids.join());
  for (const id of ids) {
    await page.getByRole('combobox', { name: 'Lessons' }).selectOption(id);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    lengths[id] = (await copyLink(page)).length;
  }
  console.log('share link lengths:', JSON.stringify(lengths));
  assert.ok(lengths.default < 2000, `default lesson link is ${lengths.default} characters`);
  await page.context().close();
});

test('reload keeps the work: text, position and language', async () => {
  const page = await open();
  const mine = DEFAULT.replace('worker-3', 'worker-7');
  await editor(page).fill(mine);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await slider(page).fill('2');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await savedContains(page, 'worker-7');
  await page.waitForFunction(() => (localStorage.getItem('kubeplay.work.v1') || '').includes('lang=zh-CN'));
  await page.reload();
  await page.locator('[data-node="worker-7"]').waitFor();
  assert.equal(await editor(page).inputValue(), mine);
  assert.equal(await slider(page).inputValue(), '2');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  await page.context().close();
});

test('text typed just before leaving the page is kept', async () => {
  const page = await open();
  await editor(page).fill(DEFAULT + '\n# typed at the last moment\n');
  await page.reload();
  await page.locator('[data-testid=node-card]').first().waitFor();
  await page.waitForFunction(() => document.querySelector('#yaml-editor').value.includes('# typed at the last moment'));
  await page.context().close();
});

test('saved work from the preview is migrated, and broken saved work is set aside with a way out', async () => {
  const page = await openPage(browser);
  // A page of the same origin that is not the playground, so nothing is saved before.
  await page.goto(server.origin + '/not-the-playground');
  await page.evaluate(() => localStorage.setItem('kubeplay.work', JSON.stringify({ version: 1, state: { yaml: 'apiVersion: v1\nkind: Node\nmetadata:\n  name: old-node\n', lang: 'en' } })));
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-node="old-node"]').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('kubeplay.work')), null, 'the old key is removed');
  assert.match(await page.evaluate(() => localStorage.getItem('kubeplay.work.v1')), /name: old-node/);

  await page.goto(server.origin + '/not-the-playground');
  await page.evaluate(() => localStorage.setItem('kubeplay.work.v1', 'frame=oops\n\nkind: Node'));
  await page.goto(server.origin + '/?autoplay=0');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Your saved work could not be read; it was set aside and the default lesson is shown\. bad field "frame=oops"/);
  assert.equal(await editor(page).inputValue(), DEFAULT);
  assert.equal(await page.evaluate(() => localStorage.getItem('kubeplay.work.broken')), 'frame=oops\n\nkind: Node');
  await screenshot(page, 'saved-work-broken');
  await page.getByRole('button', { name: 'Discard saved work' }).click();
  assert.match(await page.getByTestId('notice').innerText(), /The unreadable saved work was discarded\./);
  assert.equal(await page.evaluate(() => localStorage.getItem('kubeplay.work.broken')), null);
  await page.context().close();
});

test('Reset asks first, then restores the default lesson and forgets the saved work', async () => {
  const page = await open();
  const mine = DEFAULT.replace('worker-3', 'worker-8');
  await editor(page).fill(mine);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await savedContains(page, 'worker-8');

  page.once('dialog', (dialog) => dialog.dismiss());
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  assert.equal(await editor(page).inputValue(), mine, 'saying no keeps the work');

  let question = '';
  page.once('dialog', (dialog) => { question = dialog.message(); dialog.accept(); });
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await page.locator('[data-node="worker-3"]').waitFor();
  assert.match(question, /Reset replaces your YAML with the default lesson and forgets the saved work\./);
  assert.equal(await editor(page).inputValue(), DEFAULT);
  await page.reload();
  await page.locator('[data-node="worker-3"]').waitFor();
  assert.equal(await editor(page).inputValue(), DEFAULT);
  await page.context().close();
});

test('the exported YAML, pasted back into the editor, gives the same cluster', async () => {
  const page = await open('/', CLIPBOARD);
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('preemption');
  await page.locator('summary', { hasText: 'Export' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download YAML' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'kubeplay-cluster.yaml');
  const exported = readFileSync(await download.path(), 'utf8');
  assert.equal(await page.getByTestId('export-text').inputValue(), exported);
  assert.match(exported, /kind: PriorityClass[\s\S]*kind: Node[\s\S]*kind: DaemonSet[\s\S]*kind: Pod/);

  const views = async () => {
    await settled(page);
    const max = await slider(page).getAttribute('max');
    await slider(page).fill(max);
    await page.waitForFunction((m) => document.querySelector('[data-testid=clock]').textContent.includes(`${Number(m) + 1} of ${Number(m) + 1}`), max);
    await page.getByRole('tab', { name: 'kubectl get pods -A -o wide' }).click();
    await settled(page);
    return { board: await board(page), pods: await page.getByTestId('kubectl-output').innerText(), frames: max };
  };
  const original = await views();
  await editor(page).fill(exported);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=diagnostics] li'));
  const pasted = await views();
  assert.deepEqual(pasted, original);
  await page.context().close();
});

test('Export copies kubectl commands and a kind config that reproduce the nodes', async () => {
  const page = await open('/', CLIPBOARD);
  await page.locator('summary', { hasText: 'Export' }).click();
  await page.getByRole('button', { name: 'Copy kubectl commands' }).click();
  await page.getByText('Copied to the clipboard:').waitFor();
  const script = await page.getByTestId('export-text').inputValue();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), script);
  assert.match(script, /^kubectl taint node control-plane --overwrite node-role\.kubernetes\.io\/control-plane:NoSchedule$/m);
  assert.match(script, /^kubectl label node worker-2 --overwrite .*topology\.kubernetes\.io\/zone=zone-b/m);
  assert.match(script, /^kubectl apply -f - <<'EOF'\n[\s\S]*kind: DaemonSet[\s\S]*\nEOF\n$/m);

  await page.getByRole('button', { name: 'Copy kind config' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=export-text]').value.includes('kind.x-k8s.io/v1alpha4'));
  const kind = await page.getByTestId('export-text').inputValue();
  assert.equal((kind.match(/^- role: worker/gm) || []).length, 3);
  assert.equal((kind.match(/^- role: control-plane/gm) || []).length, 1);
  assert.match(kind, /kind: InitConfiguration\n    nodeRegistration:\n      taints:\n      - key: "node-role\.kubernetes\.io\/control-plane"\n        effect: NoSchedule/);
  await screenshot(page, 'export-kind');
  await page.context().close();
});

test('once loaded, the default lesson, a lesson fetched before, share links and export (used before) need no network', async () => {
  const page = await open('/', CLIPBOARD);
  const lessonInfo = (title) => page.waitForFunction((t) => (document.querySelector('[data-testid=lesson-info]')?.textContent || '').includes(t), title);
  // A lesson other than the default is fetched when first chosen, then kept.
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('noexecute-eviction');
  await lessonInfo('9. A NoExecute taint evicts');
  // The exports' worker is fetched on first use, then kept: used once before going offline.
  await page.locator('summary', { hasText: 'Export' }).click();
  await page.getByRole('button', { name: 'Copy kind config' }).click();
  await page.waitForFunction(() => (document.querySelector('[data-testid=export-text]')?.value || '').includes('kind: Cluster'));
  await page.locator('summary', { hasText: 'Export' }).click();
  await page.context().setOffline(true);
  const requestsBefore = page.requests.length;
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('default');
  await lessonInfo('1. A DaemonSet');
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('noexecute-eviction');
  await lessonInfo('9. A NoExecute taint evicts');
  await settled(page);
  await slider(page).fill(await slider(page).getAttribute('max'));
  const link = await copyLink(page);
  assert.match(link, /#v1\./);
  await page.locator('summary', { hasText: 'Export' }).click();
  await page.getByRole('button', { name: 'Copy kind config' }).click();
  await page.waitForFunction(() => (document.querySelector('[data-testid=export-text]')?.value || '').includes('kind: Cluster'));
  await page.evaluate((l) => { location.hash = l.split('#')[1]; }, link);
  await page.waitForFunction(() => location.hash === '');
  await page.locator('[data-node="worker-2"]').waitFor();
  assert.deepEqual(page.requests.slice(requestsBefore).filter((u) => !u.startsWith('blob:') && !u.startsWith('data:') && !u.includes('favicon')), []);
  await page.context().close();
});

test('a link opened in a page with unsaved work asks first', async () => {
  const page = await open('/', CLIPBOARD);
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('node-selector');
  await lessonShown(page, 'node-selector');
  await settled(page);
  await slider(page).fill(await slider(page).getAttribute('max'));
  const link = await copyLink(page);
  const lessonText = await editor(page).inputValue();
  const mine = lessonText + '\n# my own notes\n';
  await editor(page).fill(mine);

  let question = '';
  page.once('dialog', (dialog) => { question = dialog.message(); dialog.dismiss(); });
  await page.evaluate((l) => { location.hash = l.split('#')[1]; }, link);
  await page.waitForFunction(() => location.hash === '');
  assert.equal(question, 'Opening this link replaces your YAML. Continue?');
  assert.equal(await editor(page).inputValue(), mine, 'saying no keeps the work');

  page.once('dialog', (dialog) => dialog.accept());
  await page.evaluate((l) => { location.hash = l.split('#')[1]; }, link);
  await page.waitForFunction((t) => document.querySelector('#yaml-editor').value === t, lessonText);
  await page.context().close();
});
