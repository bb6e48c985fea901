// Exercises (issue 21), the way a learner meets them: a lesson's goals as a checklist that
// ticks as the run plays, a hint after a failed try, "Show a solution", progress kept across
// reloads and marked in the lesson picker, the course's "Next lesson", the checklist of an
// embedded exercise and its `kubeplay:goal` events to the host page; screenshots in English
// and Chinese, on a desktop and a phone. No request leaves 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, foreignRequests, screenshot, settled, ROOT, SHOTS, SUB_PATH } from './harness.mjs';

const LESSON = readFileSync(join(ROOT, 'scenarios/lessons/03-node-selector.yaml'), 'utf8');
const SOLUTION = readFileSync(join(ROOT, 'scenarios/lessons/solutions/03-node-selector.yaml'), 'utf8');

let server;
let browser;
before(async () => {
  server = await startServer({
    '/guide/exercise.html': `<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body><h1>nodeSelector</h1>
      <iframe title="kubeplay" width="700" height="500" src="..${SUB_PATH}?embed&lesson=node-selector"></iframe>
      <script>
        window.kubeplayEvents = [];
        window.addEventListener('message', (event) => {
          if (event.data && typeof event.data.type === 'string') window.kubeplayEvents.push(event.data);
        });
      </script></body></html>`,
  });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.close(); });

/** Opens the playground at `query` (accepting every confirm) and waits for the board. */
async function open(query = '', options = {}) {
  const page = await openPage(browser, options);
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(server.origin + '/' + query);
  await page.locator('[data-testid=node-card]').first().waitFor();
  await settled(page);
  return page;
}

/** Each goal of the checklist, by id, as the state it shows (goal_met, goal_broken, goal_open). */
function goals(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-goal]')]
    .map((g) => [g.dataset.goal, g.dataset.state])));
}

/** Waits until every goal of the checklist shows `state`. */
async function allGoals(page, state) {
  await page.waitForFunction((s) => {
    const rows = [...document.querySelectorAll('[data-goal]')];
    return rows.length > 0 && rows.every((g) => g.dataset.state === s);
  }, state, { timeout: 60_000 });
}

/** Waits until goal `id` shows `state`. */
async function goal(page, id, state) {
  await page.waitForFunction(([i, s]) => document.querySelector(`[data-goal="${i}"]`)?.dataset.state === s,
    [id, state], { timeout: 60_000 });
}

/** Replaces the editor's text and applies it. */
async function apply(page, text) {
  await page.getByRole('textbox', { name: 'YAML editor' }).fill(text);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
}

test('a learner solves an exercise by editing the YAML: the checklist ticks, the picker marks it done, still done after a reload, and Next lesson opens the next one', async () => {
  const page = await open('?lang=en&lesson=node-selector');
  const exercise = page.getByTestId('exercise');
  await exercise.waitFor();
  assert.equal(await exercise.getByRole('heading').innerText(), 'Exercise');
  // The lesson's own run, played to the end: the nodeSelector is kept, no daemon pod on
  // worker-1.
  await goal(page, 'daemon-on-worker-1', 'goal_broken');
  assert.deepEqual(await goals(page), { 'daemon-on-worker-1': 'goal_broken', 'node-selector-unchanged': 'goal_met' });
  assert.match(await exercise.innerText(), /Hint: Change worker-1's topology.kubernetes.io\/zone label to zone-b/);
  assert.match(await page.getByTestId('done-count').innerText(), /^0 of 23 done$/);
  // The learner moves worker-1 into zone-b: the run plays and the goal ticks when it is met.
  await apply(page, LESSON.replace(/(name: worker-1[\s\S]*?zone: )zone-a/, '$1zone-b'));
  await allGoals(page, 'goal_met');
  await page.getByText('Exercise done: every goal is met.').waitFor();
  const option = page.locator('option[value=node-selector]');
  assert.match(await option.innerText(), /^✓ 3\. nodeSelector/);
  assert.equal(await option.getAttribute('aria-label'), '3. nodeSelector (done)');
  assert.match(await page.getByTestId('done-count').innerText(), /^1 of 23 done$/);
  await screenshot(page, 'exercise-solved');
  // A share link opens the lesson with the attempt: its banner and its checklist, solved.
  await page.getByRole('button', { name: 'Copy link', exact: true }).click();
  const link = await page.getByTestId('share-link').inputValue();
  const friend = await openPage(browser);
  await friend.goto(link);
  await friend.getByTestId('lesson-info').getByText('3. nodeSelector').waitFor();
  await allGoals(friend, 'goal_met');
  assert.match(await friend.getByRole('textbox', { name: 'YAML editor' }).inputValue(), /name: worker-1[\s\S]*?zone: zone-b/);
  await friend.context().close();
  // Kept across a reload (the work too, restored from local storage).
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  await allGoals(page, 'goal_met');
  assert.match(await page.locator('option[value=node-selector]').innerText(), /^✓ /);
  assert.match(await page.getByTestId('done-count').innerText(), /^1 of 23 done$/);
  // The lesson is done: its banner offers the next lesson of the course.
  await page.getByRole('button', { name: 'Next lesson →' }).click();
  await page.getByTestId('lesson-info').getByText('4. Required node affinity').waitFor();
  await settled(page);
  assert.equal(await page.getByRole('combobox', { name: 'Lessons' }).inputValue(), 'node-affinity');
  assert.deepEqual(foreignRequests(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a failed try shows the hints at once; Show a solution makes every goal tick and Back to my attempt restores the attempt', async () => {
  const page = await open('?lang=en&lesson=default');
  await page.getByTestId('exercise').waitFor();
  // The learner removes the control-plane taint instead of adding a node.
  const lesson = await page.getByRole('textbox', { name: 'YAML editor' }).inputValue();
  const attempt = lesson
    .replace(/spec:\n  taints:\n  - key: node-role.kubernetes.io\/control-plane\n    effect: NoSchedule\n/, '');
  assert.notEqual(attempt, lesson);
  await apply(page, attempt);
  await goal(page, 'control-plane-keeps-its-taint', 'goal_broken');
  const exercise = page.getByTestId('exercise');
  assert.match(await exercise.innerText(), /Hint: Add a node instead of removing the taint\./);
  await settled(page);
  await screenshot(page, 'exercise-failed');
  // The solution is fetched, applied and played: every goal ticks.
  await page.getByRole('button', { name: 'Show a solution' }).click();
  await page.waitForFunction(() => document.querySelector('#yaml-editor').value.startsWith('# Solution'));
  await allGoals(page, 'goal_met');
  // A solution shown does not count as the learner's own.
  assert.match(await page.getByTestId('done-count').innerText(), /^0 of 23 done$/);
  await page.getByRole('button', { name: 'Back to my attempt' }).click();
  assert.equal(await page.getByRole('textbox', { name: 'YAML editor' }).inputValue(), attempt);
  await goal(page, 'control-plane-keeps-its-taint', 'goal_broken');
  assert.deepEqual(foreignRequests(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an embedded exercise shows its checklist and sends kubeplay:goal to its host page', async () => {
  const page = await openPage(browser);
  await page.goto(server.origin + '/guide/exercise.html');
  const frame = page.frameLocator('iframe');
  await frame.getByTestId('exercise').waitFor({ timeout: 30_000 });
  // Once for every goal after load, at the settled end of the lesson.
  const first = await page.waitForFunction(() => {
    const goals = window.kubeplayEvents.filter((e) => e.type === 'kubeplay:goal' && e.lesson === 'node-selector');
    const ids = new Set(goals.map((e) => e.goal));
    return ids.size === 2 && goals;
  }, null, { timeout: 30_000 }).then((h) => h.jsonValue());
  const latest = (id) => first.filter((e) => e.goal === id).pop();
  assert.deepEqual(latest('daemon-on-worker-1'),
    { type: 'kubeplay:goal', lesson: 'node-selector', goal: 'daemon-on-worker-1', met: false, title: 'A daemon pod runs on worker-1' });
  assert.equal(latest('node-selector-unchanged').met, true);
  assert.equal(await frame.getByRole('button', { name: 'Show a solution' }).count(), 0, 'compact: no solution button');
  await screenshot(page, 'exercise-embed');
  // The host loads a solved attempt: the goal's change is sent.
  await page.evaluate((yaml) => document.querySelector('iframe').contentWindow.postMessage({ type: 'kubeplay:load', yaml }, '*'), SOLUTION);
  await page.waitForFunction(() => window.kubeplayEvents.some((e) => e.type === 'kubeplay:goal' && e.goal === 'daemon-on-worker-1' && e.met), null, { timeout: 30_000 });
  assert.deepEqual(foreignRequests(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the exercise panel and the help in English and Chinese, on a desktop and a phone', async () => {
  for (const [lang, text] of [['en', 'Exercise'], ['zh', '练习']]) {
    for (const [device, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
      const page = await open(`?lang=${lang}&lesson=node-selector`, { viewport });
      await page.getByTestId('exercise').getByRole('heading', { name: text }).waitFor();
      await goal(page, 'daemon-on-worker-1', 'goal_broken');
      await settled(page);
      await screenshot(page, `exercise-${lang}-${device}`);
      // The top of the page as the phone shows it (the full page is long).
      if (device === 'phone') await page.screenshot({ path: join(SHOTS, `exercise-${lang}-phone-top.png`) });
      if (device === 'desktop') {
        await page.getByRole('button', { name: lang === 'en' ? 'Help' : '帮助' }).click();
        const dialog = page.getByRole('dialog');
        assert.match(await dialog.innerText(), /kubectl get nodes,pods,deployments,replicasets,daemonsets,statefulsets,pdb -A -o yaml/);
        await screenshot(page, `help-${lang}`);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
      }
      assert.deepEqual(page.errors, []);
      await page.context().close();
    }
  }
});
