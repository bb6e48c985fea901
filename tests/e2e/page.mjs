// What the end-to-end tests read off the playground and do to it, shared by the test files:
// the timeline, the kubectl panel, Why? and its node × plugin table, and the pods of a frame
// as a test's snapshot of the board lists them (`frame.nodes[name].pods`).
import { settled } from './harness.mjs';

/**
 * Pastes `text` over everything in `field`, as a user does: the clipboard, then Ctrl+A and
 * Ctrl+V. Playwright's `fill` types a text with many lines through the editing command for
 * each line, which takes Chromium 20 s or more for a 100 KB text; a paste is one command.
 */
export async function paste(page, field, text) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await field.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
}

/** The index of the timeline's last frame. */
export const lastFrame = async (page) => Number(await page.getByRole('slider', { name: 'Timeline' }).getAttribute('max'));

/** Shows frame `i` and waits for the clock, then the board, to say so. */
export async function seek(page, i) {
  await page.getByRole('slider', { name: 'Timeline' }).fill(String(i));
  await page.waitForFunction((n) => document.querySelector('[data-testid=clock]').textContent.includes(`step ${n + 1} of`), i);
  await settled(page);
}

/** The kubectl panel's output for a view (its tab, by its whole name). */
export async function kubectl(page, view) {
  await page.getByRole('tab', { name: view, exact: true }).click();
  await settled(page);
  return page.getByTestId('kubectl-output').innerText();
}

/** Opens Why? for the first pod on a node card matching `selector` and returns its text. */
export async function whyOf(page, selector) {
  await page.locator(`[data-testid=node-card] [data-testid=pod]${selector} .pod-link`).first().click();
  await settled(page);
  return page.getByTestId('explain-panel').innerText();
}

/** Reads Why?'s node × plugin table as it is on screen. */
export function readMatrix(page) {
  return page.evaluate(() => {
    const matrix = document.querySelector('[data-testid=matrix]');
    return {
      caption: matrix.querySelector('.table-caption').textContent,
      headings: [...matrix.querySelectorAll('th')].map((th) => th.textContent),
      sorted: [...matrix.querySelectorAll('th')].map((th) => th.getAttribute('aria-sort')),
      page: matrix.querySelector('[data-testid=table-page]')?.textContent ?? '',
      rows: [...matrix.querySelectorAll('tbody tr')].map((tr) => ({
        marked: tr.classList.contains('marked'),
        cells: [...tr.children].map((td) => ({ text: td.textContent, tip: td.title })),
      })),
    };
  });
}

/** Opens Why? → Node × plugin for the selected pod and reads the table. */
export async function openMatrix(page) {
  await page.getByRole('tab', { name: 'Node × plugin' }).click();
  await settled(page);
  return readMatrix(page);
}

/** A matrix row's cell of a filter plugin's column. */
export const filterCell = (m, row, plugin) => row.cells[m.headings.indexOf(plugin)];
/** A matrix row's cell of a score plugin's column (headed `Plugin ×weight`). */
export const scoreCell = (m, row, plugin) => row.cells[m.headings.findIndex((h) => h.startsWith(`${plugin} ×`))];
/** The matrix row of a node. */
export const rowOf = (m, node) => m.rows.find((r) => r.cells[0].text.split(' ')[0] === node);

/** Every pod of a frame. */
export const allPods = (frame) => Object.values(frame.nodes).flatMap((n) => n.pods);
/** Every pod of a frame, by name. */
export const byName = (frame) => Object.fromEntries(allPods(frame).map((p) => [p.name, p]));
/** The pods of `owner` (a workload's namespace/name) in a frame, terminating ones left out. */
export const podsOf = (frame, owner) => allPods(frame).filter((p) => p.owner === owner && p.status !== 'Terminating');
/** The `available N` count of a Deployment's status line in a frame. */
export const available = (frame, key) => Number((frame.deploy[key] || '').match(/available (\d+)/)?.[1] ?? -1);

/**
 * What the page shows at the current frame: each node card's pods and conditions, each
 * rollout's status line by `namespace/name` (`ds`, `deploy`, `sts`; `dsStatus` is the first
 * DaemonSet's), the pending pods as shown (`pending`: key, then the message on its own line;
 * `pendingInline`: the two run together) and those not created yet (`waiting`), the clock,
 * the frame's title and its virtual time `t` in seconds. Runs in the page, so it uses
 * nothing from outside itself.
 */
export function snapshotInPage() {
  const nodes = {};
  for (const card of document.querySelectorAll('[data-testid=node-card]')) {
    nodes[card.dataset.node] = {
      pods: [...card.querySelectorAll('[data-testid=pod]')].map((p) => ({
        name: p.querySelector('.pod-name').textContent,
        status: p.dataset.status, ready: p.dataset.ready === 'true', revision: p.dataset.revision,
        owner: p.dataset.owner, old: p.classList.contains('old-revision'),
        refused: !!p.querySelector('[data-testid=eviction-refused]'),
      })),
      notReady: !!card.querySelector('[data-testid=not-ready]'),
      cordoned: !!card.querySelector('[data-testid=cordoned]'),
    };
  }
  const ds = Object.fromEntries([...document.querySelectorAll('[data-testid=rollout][data-kind=DaemonSet]')]
    .map((r) => [r.dataset.key, r.querySelector('[data-testid=ds-status]').textContent]));
  const deploy = Object.fromEntries([...document.querySelectorAll('[data-testid=rollout][data-kind=Deployment]')]
    .map((r) => [r.dataset.key, r.querySelector('[data-testid=deploy-status]').textContent]));
  const sts = Object.fromEntries([...document.querySelectorAll('[data-testid=rollout][data-kind=StatefulSet]')]
    .map((r) => [r.dataset.key, r.querySelector('[data-testid=sts-status]').innerText]));
  const dsStatus = document.querySelector('[data-testid=ds-status]')?.textContent ?? '';
  const pendingPods = [...document.querySelectorAll('[data-testid=pending-pod]')];
  const pending = pendingPods.map((p) => p.innerText);
  const pendingInline = pendingPods.map((p) => p.textContent);
  const waiting = pending.filter((t) => t.includes('not created yet'));
  const clock = document.querySelector('[data-testid=clock]').textContent;
  const title = document.querySelector('[data-testid=frame-title]').textContent;
  return { nodes, ds, dsStatus, deploy, sts, pending, pendingInline, waiting, clock, title, t: seconds(clock) };

  /** The virtual time of the clock (`… · t=1m30s`), in seconds. */
  function seconds(text) {
    const m = /t=(?:(\d+)h)?(?:(\d+)m(?!s))?(?:([\d.]+)s)?(?:(\d+)ms)?/.exec(text);
    return m ? (Number(m[1] || 0) * 3600 + Number(m[2] || 0) * 60 + Number(m[3] || 0) + Number(m[4] || 0) / 1000) : NaN;
  }
}

/** Jumps to the end of the timeline and returns what the page shows. */
export async function end(page) {
  await seek(page, await lastFrame(page));
  return page.evaluate(snapshotInPage);
}

/**
 * Every frame of the timeline, in order (scrubbing stops playback), or those up to virtual
 * time `untilT` (in seconds) of a long run.
 */
export async function walk(page, untilT = Infinity) {
  const max = await lastFrame(page);
  return page.evaluate(async ({ last, snap, until }) => {
    const snapshot = new Function(`return (${snap})()`);
    const scrubber = document.querySelector('input[type=range]');
    const out = [];
    for (let i = 0; i <= last; i++) {
      scrubber.value = String(i);
      scrubber.dispatchEvent(new Event('input', { bubbles: true }));
      const shown = () => document.querySelector('[data-testid=clock]').textContent.includes(`step ${i + 1} of`)
        && document.querySelector('[data-testid=cluster-board][data-synced=true]');
      for (let tries = 0; tries < 1000 && !shown(); tries++) {
        await new Promise((r) => setTimeout(r, 5));
      }
      const frame = { i, ...snapshot() };
      if (frame.t > until) break;
      out.push(frame);
    }
    return out;
  }, { last: max, snap: snapshotInPage.toString(), until: untilT });
}
