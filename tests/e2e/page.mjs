// What the end-to-end tests read off the playground and do to it, shared by the test files:
// the timeline, the kubectl panel, Why? and its node × plugin table, and the pods of a frame
// as a test's snapshot of the board lists them (`frame.nodes[name].pods`).
import { settled } from './harness.mjs';

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
