// Lesson texts that are true (issue 20): every lesson's "Try next" line is checked by doing
// exactly what it tells the learner, the way a learner would (the editor and Apply, the node
// cards' forms, Why? and its Node × plugin tab, the rollout panel, the kubectl panel, the
// timeline), and by reading what the text says will be seen from what the page shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, settled, ROOT } from './harness.mjs';
import { lastFrame, seek, end, walk, snapshotInPage, kubectl, whyOf, openMatrix, filterCell, scoreCell, rowOf, allPods, byName, podsOf, available } from './page.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** A lesson's file under scenarios/ (`default.*` and `scale-5000.*` are at its top). */
const lessonFile = (file) => join(ROOT, 'scenarios', /^\d/.test(file) ? 'lessons' : '', file);

/** The `try-next.en` line of a lesson's .txt. */
function tryNext(file) {
  const line = readFileSync(lessonFile(file), 'utf8').split('\n').find((l) => l.startsWith('try-next.en: '));
  return line.slice('try-next.en: '.length);
}

/**
 * Opens the playground and loads lesson `id` from the picker; `file` is its .txt, whose Try
 * next line the page must show (the test does what the page says). Returns once the lesson's
 * YAML is in the editor and its run on screen.
 */
async function load(id, file) {
  const page = await openPage(browser);
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption(id);
  const line = tryNext(file);
  await page.waitForFunction((t) => document.querySelector('[data-testid=lesson-info]')?.innerText.includes(`Try next: ${t}`), line);
  const yaml = readFileSync(lessonFile(file.replace(/\.txt$/, '.yaml')), 'utf8');
  await page.waitForFunction((length) => document.querySelector('#yaml-editor')?.value.length === length, yaml.length,
    { timeout: 60_000, polling: 100 });
  assert.equal(await editor(page).inputValue(), yaml, 'the lesson is in the editor');
  await settled(page);
  return page;
}

/** The last frame at or before virtual time `t` (seconds). */
const frameAt = (frames, t) => frames.filter((f) => f.t <= t).at(-1);

/** The exercise checklist: each goal's state (goal_met, goal_open, goal_broken) at the frame on screen. */
const goals = (page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-goal]')]
  .map((g) => [g.dataset.goal, g.dataset.state])));

/** The editor. */
const editor = (page) => page.getByRole('textbox', { name: 'YAML editor' });

/** `text` with `from` (which must occur exactly once) replaced by `to`. */
function replaceOnce(text, from, to) {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `the text has ${JSON.stringify(from)}`);
  assert.equal(text.indexOf(from, at + 1), -1, `${JSON.stringify(from)} occurs once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Takes the editor's text, changes it with `change`, fills it back, presses Apply and waits. */
async function editAndApply(page, change) {
  const text = await editor(page).inputValue();
  const changed = change(text);
  assert.notEqual(changed, text, 'the edit changes the text');
  await editor(page).fill(changed);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await settled(page);
  return changed;
}

/**
 * Does `action` on the board (a form, a button of the rollout panel or of Why?), which the
 * engine writes into the text as a step or an object; waits until the editor's text has it
 * (`written` matches) and the new run is on screen.
 */
async function boardEdit(page, action, written) {
  const before = await editor(page).inputValue();
  await action();
  await page.waitForFunction(([old, re]) => {
    const now = document.querySelector('#yaml-editor').value;
    return now !== old && new RegExp(re).test(now);
  }, [before, written.source]);
  await settled(page);
  return editor(page).inputValue();
}

/** The YAML document of Node `name` in `text`. */
function nodeDocument(text, name) {
  const doc = text.split('\n---\n').find((d) => /^kind: Node$/m.test(d) && new RegExp(`^  name: ${name}$`, 'm').test(d));
  assert.ok(doc, `the text has Node ${name}`);
  return doc;
}

/** A node of a frame (a frame walked before the board caught up may lack it). */
const nodeOf = (frame, name) => frame.nodes[name] ?? { pods: [], cordoned: false, notReady: false };
/** A node runs exactly one pod, Running and Ready. */
const runsOne = (node) => node.pods.length === 1 && node.pods[0].status === 'Running' && node.pods[0].ready;
/** The nodes of a frame that have no Running and Ready pod. */
const withoutAvailable = (frame) => Object.keys(frame.nodes).filter((n) => !frame.nodes[n].pods.some((p) => p.ready && p.status === 'Running'));


test('lesson 1, try next: the control-plane node says its taint keeps the daemon pod off, and a node added with "+ Add node" gets one', async () => {
  const page = await load('default', 'default.txt');
  await page.getByRole('button', { name: 'Explain node control-plane' }).click();
  await settled(page);
  const why = await page.getByTestId('explain-panel').innerText();
  assert.match(why, /The node has the taint node-role\.kubernetes\.io\/control-plane:NoSchedule and the pod has no toleration for it/);
  assert.match(why, /No daemon pod runs on this node, and the controller does not create one/);
  await page.getByRole('button', { name: '+ Add node' }).click();
  const form = page.getByRole('form', { name: 'Add node' });
  const name = await form.getByLabel('Name').inputValue();
  assert.match(name, /^worker-\d+$/, 'the form suggests a name');
  await boardEdit(page, () => form.getByRole('button', { name: 'Add' }).click(), new RegExp(`name: ${name}\\n`));
  const shot = await end(page);
  assert.ok(runsOne(nodeOf(shot, name)), `${name} runs a daemon pod: ${JSON.stringify(shot.nodes[name])}`);
  assert.equal(shot.nodes[name].pods[0].owner, 'kube-system/fluentd-elasticsearch');
  assert.equal(shot.nodes['control-plane'].pods.length, 0, 'still none on the control-plane node');
  assert.match(shot.ds['kube-system/fluentd-elasticsearch'], /desired 4 · updated 4 · available 4 · unavailable 0/);
  await page.context().close();
});

const TOLERATIONS = [
  '      tolerations:',
  '      - key: node-role.kubernetes.io/control-plane',
  '        operator: Exists',
  '        effect: NoSchedule',
  '      - key: node-role.kubernetes.io/master',
  '        operator: Exists',
  '        effect: NoSchedule',
  '',
].join('\n');

test('lesson 2, try next: without the tolerations the control-plane node gets no pod; applied without them at 10s, its running pod counts as misscheduled and the rolling update deletes it in the same sync, creating none there', async () => {
  const page = await load('control-plane-tolerations', '02-control-plane-tolerations.txt');
  const lesson = await editor(page).inputValue();
  await editAndApply(page, (text) => replaceOnce(text, TOLERATIONS, ''));
  let frames = await walk(page);
  assert.ok(frames.every((f) => nodeOf(f, 'control-plane').pods.length === 0), 'no pod on the control-plane node at any moment');
  assert.ok(['worker-1', 'worker-2', 'worker-3'].every((n) => runsOne(frames.at(-1).nodes[n])));

  // The DaemonSet, as the lesson has it but without its tolerations, applied by a step after 10s.
  const daemonSet = lesson.split('\n---\n')[0].split('\n').filter((l) => !l.startsWith('#')).join('\n');
  const step = ['  steps:', '  - after: 10s', '    apply:',
    ...replaceOnce(daemonSet, TOLERATIONS, '').split('\n').map((l) => `      ${l}`)].join('\n');
  await editor(page).fill(lesson);
  await editAndApply(page, (text) => replaceOnce(text, 'spec:\n  goals:\n', `spec:\n${step}\n  goals:\n`));
  frames = await walk(page);
  const cp = (f) => nodeOf(f, 'control-plane').pods;
  const deleted = frames.findIndex((f) => cp(f).some((p) => p.status === 'Terminating'));
  assert.ok(deleted > 0, 'the pod on the control-plane node is deleted');
  assert.equal(frames[deleted].t, 10, 'at 10s, when the step applies');
  const applied = frames.findIndex((f) => /^step 1: apply daemonset\/fluentd-elasticsearch/.test(f.title));
  assert.ok(applied > 0 && applied < deleted, 'the apply comes first');
  assert.ok(cp(frames[applied]).every((p) => p.status === 'Running' && p.ready), 'the pod was running when its toleration went');
  // The sync that follows the apply counts it as misscheduled (the exercise's goal) and deletes it.
  await seek(page, applied);
  assert.equal((await goals(page))['misscheduled-after-removing-tolerations'], 'goal_open');
  await seek(page, deleted);
  assert.equal(frames[deleted].i, applied + 1, 'in the very next sync');
  assert.equal((await goals(page))['misscheduled-after-removing-tolerations'], 'goal_met', 'counted as misscheduled');
  await page.getByRole('button', { name: 'Explain node control-plane' }).click();
  await settled(page);
  const node = await page.getByTestId('explain-panel').innerText();
  assert.match(node, /shouldRun=false shouldContinueRunning=true/, 'NoSchedule does not evict: the pod may keep running, no new one is created');
  assert.match(node, /A daemon pod already on the node keeps running: only NoExecute taints evict\./);
  const why = await whyOf(page, '[data-status=Terminating]');
  assert.match(why, /DaemonSet fluentd-elasticsearch is rolling out a new revision: it deletes old pods first/);
  assert.match(why, /Deleted pod: fluentd-elasticsearch-\w+/);
  assert.equal(cp(frames[deleted])[0].revision, '1', 'it runs the old revision');
  const last = frames.at(-1);
  assert.equal(cp(last).length, 0, 'and none is created there');
  assert.ok(['worker-1', 'worker-2', 'worker-3'].every((n) => runsOne(last.nodes[n]) && last.nodes[n].pods[0].revision === '2'));
  await page.context().close();
});

test('lesson 3, try next: labelling worker-1 zone-b puts a daemon pod on it', async () => {
  const page = await load('node-selector', '03-node-selector.txt');
  assert.equal((await end(page)).nodes['worker-1'].pods.length, 0, 'none before');
  const card = page.locator('[data-testid=node-card][data-node=worker-1]');
  await card.getByRole('button', { name: 'Edit', exact: true }).click();
  const form = page.getByRole('form', { name: 'Edit labels and taints' });
  const labels = form.getByLabel('Labels (key=value, one per line)');
  await labels.fill(replaceOnce(await labels.inputValue(), 'topology.kubernetes.io/zone=zone-a', 'topology.kubernetes.io/zone=zone-b'));
  const text = await boardEdit(page, () => form.getByRole('button', { name: 'Save' }).click(), /kind: Node/);
  assert.match(nodeDocument(text, 'worker-1'), /topology\.kubernetes\.io\/zone: zone-b/, 'the form writes the label into the YAML');
  const shot = await end(page);
  assert.ok(runsOne(shot.nodes['worker-1']), `a daemon pod runs on worker-1: ${JSON.stringify(shot.nodes['worker-1'])}`);
  assert.match(shot.ds['kube-system/fluentd-elasticsearch'], /desired 3 · updated 3 · available 3/);
  await page.context().close();
});

test('lesson 4, try next: a node added without a zone label gets a daemon pod (NotIn matches it)', async () => {
  const page = await load('node-affinity', '04-node-affinity.txt');
  await page.getByRole('button', { name: '+ Add node' }).click();
  const form = page.getByRole('form', { name: 'Add node' });
  const name = await form.getByLabel('Name').inputValue();
  assert.equal(await form.getByLabel('Labels (key=value, one per line)').inputValue(), '', 'no label typed in, no zone');
  const text = await boardEdit(page, () => form.getByRole('button', { name: 'Add' }).click(), new RegExp(`name: ${name}\\n`));
  assert.doesNotMatch(nodeDocument(text, name), /topology\.kubernetes\.io\/zone/, 'the new node has no zone label');
  const shot = await end(page);
  assert.ok(runsOne(nodeOf(shot, name)), `${name} runs a daemon pod: ${JSON.stringify(shot.nodes[name])}`);
  assert.deepEqual(Object.keys(shot.nodes).filter((n) => shot.nodes[n].pods.length > 0).sort(), [name, 'worker-2', 'worker-3'].sort());
  // The node has no zone label: the zone NotIn [zone-a] expression passes on it.
  assert.doesNotMatch(await page.locator(`[data-testid=node-card][data-node="${name}"] .node-labels`).textContent(), /zone/);
  await page.getByRole('button', { name: `Explain node ${name}` }).click();
  await settled(page);
  assert.match(await page.getByTestId('explain-panel').innerText(), /shouldRun=true/);
  await page.context().close();
});

test('lesson 5, try next: without priorityClassName the daemon pod for worker-3 stays Pending with its FailedScheduling message', async () => {
  const page = await load('preemption', '05-resources-and-preemption.txt');
  await editAndApply(page, (text) => replaceOnce(text, '      priorityClassName: system-node-critical\n', ''));
  const frames = await walk(page);
  const created = frames.findIndex((f) => nodeOf(f, 'worker-3').pods.some((p) => p.owner === 'kube-system/fluentd-elasticsearch'));
  assert.ok(created > 0);
  for (const f of frames.slice(created)) {
    const daemon = nodeOf(f, 'worker-3').pods.filter((p) => p.owner === 'kube-system/fluentd-elasticsearch');
    assert.ok(daemon.every((p) => p.status === 'Pending' && !p.ready), `frame ${f.i}: ${JSON.stringify(daemon)}`);
  }
  const last = frames.at(-1);
  assert.deepEqual(nodeOf(last, 'worker-3').pods.map((p) => p.name).filter((n) => n.startsWith('batch')), ['batch-job-1', 'batch-job-2'], 'no batch pod is preempted');
  assert.equal(last.pending.length, 1);
  assert.match(last.pending[0], /^kube-system\/fluentd-elasticsearch-\w+\n0\/4 nodes are available: 1 Insufficient cpu, 3 node\(s\) didn't satisfy plugin\(s\) \[NodeAffinity\]\. .*preemption: 0\/4 nodes are available: 1 No preemption victims found for incoming pod/);
  await page.context().close();
});

test('lesson 6, try next: in the middle of the rollout one node is replaced at a time; with maxUnavailable 2 or "50%" two nodes are replaced at once', async () => {
  const page = await load('rolling-update', '06-rolling-update.txt');
  /** How many nodes are without an available daemon pod, frame by frame, from the first that has one on every node. */
  const down = (frames) => {
    const steady = frames.findIndex((f) => Object.keys(f.nodes).length === 4 && withoutAvailable(f).length === 0);
    assert.ok(steady >= 0);
    return frames.slice(steady).map((f) => withoutAvailable(f).length);
  };
  let frames = await walk(page);
  const middle = frames.findIndex((f) => { const r = new Set(allPods(f).map((p) => p.revision)); return r.has('1') && r.has('2'); });
  assert.ok(middle > 0, 'a frame with both revisions');
  await seek(page, middle);
  assert.ok(withoutAvailable(await page.evaluate(snapshotInPage)).length <= 1, 'one node at a time');
  assert.equal(Math.max(...down(frames)), 1);
  for (const value of ['2', '"50%"']) {
    await editAndApply(page, (text) => replaceOnce(text, /maxUnavailable: \S+\n/.exec(text)[0], `maxUnavailable: ${value}\n`));
    frames = await walk(page);
    assert.equal(Math.max(...down(frames)), 2, `maxUnavailable: ${value}: two nodes at once`);
    const last = frames.at(-1);
    assert.ok(Object.values(last.nodes).every((n) => runsOne(n) && n.pods[0].revision === '2'), `maxUnavailable: ${value}: the rollout completes`);
  }
  await page.context().close();
});

test('lesson 7, try next: maxSurge and maxUnavailable both 1 is refused with the validation error', async () => {
  const page = await load('max-surge', '07-rolling-update-max-surge.txt');
  await editAndApply(page, (text) => replaceOnce(text, '      maxUnavailable: 0\n', '      maxUnavailable: 1\n'));
  await page.getByTestId('not-applied').waitFor();
  const problems = await page.locator('[data-testid=diagnostics] .diag-error').allInnerTexts();
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.match(problems[0], /^error line 18:7\nspec\.updateStrategy\.rollingUpdate\.maxSurge: Invalid value: intstr\.IntOrString\{Type:0, IntVal:1, StrVal:""\}: may not be set when maxUnavailable is non-zero$/);
  await page.context().close();
});

test('lesson 8, try next: the rollout history shows the rollback renumbered revision 1 as revision 3', async () => {
  const page = await load('bad-image-rollback', '08-bad-image-rollback.txt');
  const history = () => page.locator('[data-testid=rollout] table.history tbody tr').allInnerTexts();
  const frames = await walk(page);
  const stalled = frames.findIndex((f) => allPods(f).some((p) => p.status === 'ImagePullBackOff'));
  await seek(page, stalled);
  assert.deepEqual((await history()).map((r) => r.split('\t').slice(0, 2).join(' ')),
    ['1 quay.io/fluentd_elasticsearch/fluentd:v2.5.2', '2 ★ quay.io/fluentd_elasticsearch/fluentd:v9.9.9-typo']);
  await end(page);
  assert.deepEqual((await history()).map((r) => r.split('\t').slice(0, 2).join(' ')),
    ['2 quay.io/fluentd_elasticsearch/fluentd:v9.9.9-typo', '3 ★ quay.io/fluentd_elasticsearch/fluentd:v2.5.2'],
    'revision 1 is gone: it came back as revision 3');
  assert.ok(Object.values(frames.at(-1).nodes).every((n) => runsOne(n) && n.pods[0].revision === '3'));
  await page.context().close();
});

test('lesson 9, try next: web-1 given a toleration for maintenance:NoExecute with tolerationSeconds 30 keeps running on worker-2 for 30s after the taint, then is evicted', async () => {
  const page = await load('noexecute-eviction', '09-noexecute-eviction.txt');
  await editAndApply(page, (text) => replaceOnce(text, '  nodeName: worker-2\n',
    '  nodeName: worker-2\n  tolerations:\n  - key: maintenance\n    operator: Exists\n    effect: NoExecute\n    tolerationSeconds: 30\n'));
  const frames = await walk(page);
  const web1 = (f) => nodeOf(f, 'worker-2').pods.find((p) => p.name === 'web-1');
  const tainted = frames.findIndex((f) => /^step 2: taint node worker-2 maintenance=true:NoExecute/.test(f.title));
  assert.ok(tainted > 0, 'worker-2 is tainted');
  const evicted = frames.findIndex((f) => web1(f)?.status === 'Terminating');
  assert.ok(evicted > tainted, 'web-1 is evicted in the end');
  assert.equal(frames[evicted].t - frames[tainted].t, 30, 'its tolerationSeconds after the taint');
  for (const f of frames.slice(tainted, evicted)) {
    assert.ok(web1(f)?.status === 'Running' && web1(f).ready, `web-1 runs on worker-2 at ${f.clock}`);
  }
  assert.ok(frames.slice(tainted, evicted).some((f) => nodeOf(f, 'worker-2').pods.some((p) => p.owner === 'kube-system/fluentd-elasticsearch' && p.status === 'Terminating')),
    'meanwhile the daemon pod, which has no toleration, is evicted at once');
  await seek(page, evicted);
  assert.match(await whyOf(page, '[data-status=Terminating]:has(.pod-name:text-is("web-1"))'), /maintenance=true:NoExecute/);
  assert.equal(web1(frames.at(-1)), undefined, 'web-1 is gone at the end');
  await page.context().close();
});

test('lesson 10, try next: the worker-1 pod deleted with "Delete pod" in Why? after the cordon is recreated on the cordoned node', async () => {
  const page = await load('cordon-notready', '10-cordon-and-notready.txt');
  let frames = await walk(page);
  const cordon = frames.findIndex((f) => nodeOf(f, 'worker-1').cordoned);
  assert.ok(cordon > 0, 'worker-1 is cordoned');
  const moment = frames[cordon + 1];
  assert.ok(moment.nodes['worker-1'].cordoned);
  const [pod] = moment.nodes['worker-1'].pods;
  assert.equal(pod.status, 'Running');
  await seek(page, moment.i);
  await page.locator('[data-node=worker-1] [data-testid=pod] .pod-link').click();
  await settled(page);
  const text = await boardEdit(page, () => page.getByTestId('delete-pod').click(), /deletePod:/);
  assert.match(text, new RegExp(`- at: ${moment.t}s\\n\\s+deletePod:\\n\\s+name: ${pod.name}\\n\\s+namespace: kube-system\\n`), 'a deletePod step at the time on screen');
  frames = await walk(page);
  const worker1 = (f) => nodeOf(f, 'worker-1');
  const deleted = frames.findIndex((f) => worker1(f).pods.some((p) => p.name === pod.name && p.status === 'Terminating'));
  assert.ok(deleted > 0 && worker1(frames[deleted]).cordoned, 'deleted while worker-1 is cordoned');
  const recreated = frames.findIndex((f) => worker1(f).pods.some((p) => p.name !== pod.name && p.status === 'Running' && p.ready));
  assert.ok(recreated > deleted, 'the controller creates a new pod there');
  const last = frames.at(-1);
  assert.ok(worker1(last).cordoned && runsOne(worker1(last)) && worker1(last).pods[0].name !== pod.name,
    `the new pod runs on the cordoned node: ${JSON.stringify(worker1(last))}`);
  await end(page);
  assert.match(await kubectl(page, 'kubectl describe ds (Events)'), new RegExp(`Created pod: ${worker1(last).pods[0].name}`));
  await page.locator('[data-node=worker-1] [data-testid=pod] .pod-link').click();
  await settled(page);
  assert.match(await page.getByTestId('explain-panel').innerText(), /shouldRun=true shouldContinueRunning=true/);
  await page.context().close();
});

test('lesson 11, try next: maxSurge 0 and maxUnavailable 1 roll out pod by pod, both 0 is refused, and describe deployment lists the ScalingReplicaSet events', async () => {
  const page = await load('deployment-surge', '11-deployment-surge-arithmetic.txt');
  const strategy = 'rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}';
  await editAndApply(page, (text) => replaceOnce(text, strategy, 'rollingUpdate: {maxSurge: 0, maxUnavailable: 1}'));
  const frames = await walk(page);
  const started = frames.findIndex((f) => f.t >= 20);
  assert.ok(started > 0);
  for (const f of frames.slice(started)) {
    assert.ok(podsOf(f, 'default/web').length <= 10, `${f.clock}: ${podsOf(f, 'default/web').length} pods`);
    assert.ok(available(f, 'default/web') >= 9, `${f.clock}: ${f.deploy['default/web']}`);
  }
  assert.match(frames.at(-1).deploy['default/web'], /desired 10 · updated 10 · available 10 · unavailable 0/);
  await end(page);
  const describe = await kubectl(page, 'kubectl describe deployment');
  assert.match(describe, /RollingUpdateStrategy:\s+1 max unavailable, 0 max surge/);
  const events = describe.split('\n').filter((l) => /\bScalingReplicaSet\b/.test(l)).map((l) => l.replace(/^.*deployment-controller\s+/, ''));
  assert.equal(events.length, 21, 'the first scale-up, then one pod down and one up, ten times');
  for (let k = 0; k < 10; k++) {
    assert.match(events[1 + 2 * k], new RegExp(`^Scaled down replica set web-\\w+ from ${10 - k} to ${9 - k}$`));
    assert.match(events[2 + 2 * k], new RegExp(`^Scaled up replica set web-\\w+ from ${k} to ${k + 1}$`));
  }
  await editAndApply(page, (text) => replaceOnce(text, 'rollingUpdate: {maxSurge: 0, maxUnavailable: 1}', 'rollingUpdate: {maxSurge: 0, maxUnavailable: 0}'));
  await page.getByTestId('not-applied').waitFor();
  assert.deepEqual(await page.locator('[data-testid=diagnostics] .diag-error').allInnerTexts(),
    ['error line 14:34\nspec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0']);
  await page.context().close();
});

test('lesson 12, try next: terminationGracePeriodSeconds 5 in the recreate template shortens its outage, and Why? of a terminating pod says why and for how long', async () => {
  const page = await load('recreate-vs-rolling', '12-recreate-vs-rolling-update.txt');
  /** The frame where Recreate's outage starts, and how long it lasts (s). */
  const outage = (frames) => {
    const start = frames.find((f) => f.t >= 20 && available(f, 'default/recreate') === 0);
    const over = frames.find((f) => f.i > start.i && available(f, 'default/recreate') > 0);
    return { start, seconds: over.t - start.t };
  };
  let frames = await walk(page);
  const before = outage(frames);
  await seek(page, before.start.i);
  let why = await whyOf(page, '[data-status=Terminating][data-owner="default/recreate"]');
  assert.match(why, /Terminating: the kubelet on \S+ is stopping its containers; the pod is removed when its grace period of 30s ends/);
  assert.match(why, /Deployment default\/recreate is rolling out: it scaled its old ReplicaSet recreate-\w+ down from 4 to 0/);
  await editAndApply(page, (text) => replaceOnce(text, '      labels: {app: recreate}\n    spec:\n',
    '      labels: {app: recreate}\n    spec:\n      terminationGracePeriodSeconds: 5\n'));
  frames = await walk(page);
  const after = outage(frames);
  assert.ok(before.seconds >= 30, `the outage lasted ${before.seconds}s`);
  assert.ok(after.seconds < 10 && after.seconds < before.seconds - 20, `now ${after.seconds}s (was ${before.seconds}s)`);
  await seek(page, after.start.i);
  why = await whyOf(page, '[data-status=Terminating][data-owner="default/recreate"]');
  assert.match(why, /the pod is removed when its grace period of 5s ends/);
  await page.context().close();
});

test('lesson 13, try next: at the end rollout status and describe deployment show the rollout done on revision 3; rolling back to revision 2 from the history brings its image back as revision 4', async () => {
  const page = await load('progress-deadline', '13-deployment-progress-deadline.txt');
  await end(page);
  assert.match(await kubectl(page, 'kubectl rollout status deployment'), /deployment "web" successfully rolled out/);
  const describe = await kubectl(page, 'kubectl describe deployment');
  assert.match(describe, /deployment\.kubernetes\.io\/revision: 3/);
  assert.match(describe, /Progressing\s+True\s+NewReplicaSetAvailable/);
  assert.match(describe, /Scaled down replica set web-\w+ from 2 to 0\n.*Scaled up replica set web-\w+ from 3 to 4/);
  const rollout = page.locator('[data-testid=rollout][data-kind=Deployment]');
  const history = async () => (await rollout.locator('table.history tbody tr').allInnerTexts()).map((r) => r.split(/[\t\n]/).slice(0, 2).join(' '));
  assert.deepEqual(await history(), ['2 nginx:1.27-typo', '3 ★ nginx:1.26']);
  await boardEdit(page, () => rollout.getByRole('button', { name: 'Roll back to 2' }).click(),
    /rollback:\n\s+deployment: web\n\s+namespace: default\n\s+toRevision: 2\n/);
  const last = await end(page);
  assert.deepEqual(await history(), ['3 nginx:1.26', '4 ★ nginx:1.27-typo']);
  assert.match(await kubectl(page, 'kubectl rollout history deployment'), /REVISION\s+CHANGE-CAUSE\n3\s+<none>\n4\s+<none>/);
  const broken = podsOf(last, 'default/web').filter((p) => p.revision === '4');
  assert.ok(broken.length > 0 && broken.every((p) => p.status === 'ImagePullBackOff'), JSON.stringify(broken));
  assert.match(await kubectl(page, 'kubectl rollout status deployment'), /error: deployment "web" exceeded its progress deadline/);
  await page.context().close();
});

test('lesson 14, try next: a scale from the Rollouts panel mid-rollout, and one made while the rollout is paused, is shared out between both ReplicaSets', async () => {
  const page = await load('scale-during-rollout', '14-scale-during-rollout.txt');
  const lesson = await editor(page).inputValue();
  const rollout = page.locator('[data-testid=rollout][data-kind=Deployment]');
  /** The Deployment's pods of the old (hatched) and the new revision, terminating ones left out. */
  const split = (f) => { const pods = podsOf(f, 'default/web'); return [pods.filter((p) => p.old).length, pods.filter((p) => !p.old).length]; };
  /** Scales to `replicas` from the rollout panel at the frame on screen. */
  const scale = (replicas) => boardEdit(page, async () => {
    await rollout.getByRole('spinbutton', { name: 'Replicas' }).fill(String(replicas));
    await rollout.getByRole('button', { name: 'Scale', exact: true }).click();
  }, new RegExp(`scale:\\n\\s+deployment: web\\n\\s+namespace: default\\n\\s+replicas: ${replicas}\\n`));
  /** The first frame at or after `t` (the lesson's own scale to 8 comes 20s after the step before it). */
  const firstFrom = async (t) => (await walk(page, t + 15)).find((f) => f.t >= t);

  // Mid-rollout: 3 old pods serve, 2 new ones cannot pull their image.
  const middle = await firstFrom(25);
  assert.ok(middle.t < 40, 'before the lesson scales it');
  assert.deepEqual(split(middle), [3, 2]);
  await seek(page, middle.i);
  await scale(10);
  let frames = await walk(page, middle.t + 15);
  const shared = frames.find((f) => f.t >= middle.t && f.deploy['default/web'].includes('desired 10'));
  assert.ok(shared, 'the Deployment wants 10');
  assert.ok(frames.some((f) => f.t >= middle.t && split(f)[0] === 8 && split(f)[1] === 5), '10 + maxSurge 3 = 13, shared out 8 old and 5 new');
  await seek(page, frames.at(-1).i);
  let describe = await kubectl(page, 'kubectl describe deployment');
  assert.match(describe, /Scaled up replica set web-\w+ from 3 to 8\n.*Scaled up replica set web-\w+ from 2 to 5/);

  // Or: pause it, scale it, resume it.
  await editAndApply(page, () => lesson);
  await seek(page, middle.i);
  await boardEdit(page, () => rollout.getByRole('button', { name: 'Pause rollout' }).click(), /pause:\n\s+deployment: web\n/);
  const paused = await firstFrom(middle.t + 2);
  await seek(page, paused.i);
  assert.equal(await rollout.getByRole('button', { name: 'Resume rollout' }).count(), 1, 'the panel says it is paused');
  await scale(10);
  const scaled = await firstFrom(paused.t + 3);
  await seek(page, scaled.i);
  assert.deepEqual(split(scaled), [8, 5], 'shared out while paused too');
  describe = await kubectl(page, 'kubectl describe deployment');
  assert.match(describe, /Scaled up replica set web-\w+ from 3 to 8\n.*Scaled up replica set web-\w+ from 2 to 5/);
  const text = await boardEdit(page, () => rollout.getByRole('button', { name: 'Resume rollout' }).click(), /resume:\n\s+deployment: web\n/);
  assert.match(text, /- at: \S+\n\s+pause:[\s\S]*- at: \S+\n\s+scale:[\s\S]*replicas: 10\n[\s\S]*- at: \S+\n\s+resume:/, 'pause, scale, resume');
  frames = await walk(page);
  assert.equal(await rollout.getByRole('button', { name: 'Pause rollout' }).count(), 1, 'resumed');
  // Resumed, the lesson's own steps go on: the scale to 8 and the rollback.
  assert.match(frames.at(-1).deploy['default/web'], /desired 8 · updated 8 · available 8 · unavailable 0/);
  await page.context().close();
});

/** `text` with a copy of worker-3's Node document named worker-4 after it. */
function withWorker4(text) {
  const worker3 = text.split('\n---\n').find((doc) => /^kind: Node$/m.test(doc) && /name: worker-3\n/.test(doc));
  return replaceOnce(text, worker3, `${worker3}\n---\n${worker3.replaceAll('worker-3', 'worker-4')}`);
}

test('lesson 15, try next: at 30s every node fails InterPodAffinity for the Pending pod; with a fourth node the surge pod lands there', async () => {
  const page = await load('anti-affinity-rolling-update', '15-anti-affinity-rolling-update.txt');
  let frames = await walk(page);
  const at30 = frameAt(frames, 30);
  assert.equal(at30.pending.length, 1, 'the surge pod is Pending at 30s');
  await seek(page, at30.i);
  await page.getByTestId('pending-pod').getByRole('button').click();
  const m = await openMatrix(page);
  assert.deepEqual(m.rows.map((r) => r.cells[0].text).sort(), ['worker-1', 'worker-2', 'worker-3']);
  for (const row of m.rows) {
    assert.match(filterCell(m, row, 'InterPodAffinity').text, /node\(s\) didn't match pod anti-affinity rules/, row.cells[0].text);
  }
  await editAndApply(page, withWorker4);
  frames = await walk(page);
  const newPods = (f) => Object.entries(f.nodes).flatMap(([node, n]) => n.pods.filter((p) => p.owner === 'default/web' && p.revision === '2').map((p) => [node, p]));
  const surge = frames.find((f) => newPods(f).length > 0);
  assert.ok(surge, 'the surge pod is placed');
  assert.deepEqual(newPods(surge).map(([node]) => node), ['worker-4'], 'on the fourth node');
  assert.ok(surge.t < 60, 'before the strategy changes at 1m');
  const running = newPods(frameAt(frames, 30)).find(([node]) => node === 'worker-4')?.[1];
  assert.ok(running?.status === 'Running' && running.ready, 'it runs there at 30s');
  await page.context().close();
});

test('lesson 16, try next: the Pending "ignore" pod fails PodTopologySpread on the workers and TaintToleration on gpu-1; with nodeTaintsPolicy Honor all four are placed 2 + 2', async () => {
  const page = await load('topology-spread-zones', '16-topology-spread-zones.txt');
  let last = await end(page);
  assert.equal(last.pending.length, 2);
  await page.getByTestId('pending-pod').filter({ hasText: 'default/ignore-' }).first().getByRole('button').click();
  const m = await openMatrix(page);
  assert.match(filterCell(m, rowOf(m, 'gpu-1'), 'TaintToleration').text, /node\(s\) had untolerated taint\(s\)/);
  for (const node of ['worker-1', 'worker-2', 'worker-3']) {
    assert.match(filterCell(m, rowOf(m, node), 'PodTopologySpread').text, /node\(s\) didn't match pod topology spread constraints/, node);
    assert.equal(filterCell(m, rowOf(m, node), 'TaintToleration').text, '✓', node);
  }
  await editAndApply(page, (text) => replaceOnce(text,
    '        whenUnsatisfiable: DoNotSchedule\n        labelSelector:\n          matchLabels: {app: ignore}\n',
    '        whenUnsatisfiable: DoNotSchedule\n        nodeTaintsPolicy: Honor\n        labelSelector:\n          matchLabels: {app: ignore}\n'));
  last = await end(page);
  assert.deepEqual(last.pending, []);
  const zone = { 'worker-1': 'a', 'worker-2': 'a', 'worker-3': 'b', 'gpu-1': 'c' };
  const zones = Object.entries(last.nodes).flatMap(([node, n]) => n.pods.filter((p) => p.owner === 'default/ignore' && p.status === 'Running' && p.ready).map(() => zone[node]));
  assert.equal(zones.sort().join(''), 'aabb', 'two in zone-a, two in zone-b, none on gpu-1');
  assert.match(last.deploy['default/ignore'], /desired 4 · updated 4 · available 4 · unavailable 0/);
  await page.context().close();
});

test('lesson 17, try next: the packed pod\'s matrix scores worker-1 highest on NodeResourcesFit; without the PodTopologySpread entry of bin-packer the packed pods spread out', async () => {
  const page = await load('bin-packing-profile', '17-bin-packing-profile.txt');
  const nodesOf = (shot, owner) => Object.keys(shot.nodes).filter((n) => shot.nodes[n].pods.some((p) => p.owner === owner)).sort();
  assert.deepEqual(nodesOf(await end(page), 'default/packed'), ['worker-1']);
  await page.locator('[data-node=worker-1] [data-testid=pod][data-owner="default/packed"] .pod-link').first().click();
  const m = await openMatrix(page);
  assert.match(m.caption, /^Profile bin-packer /);
  const fit = (row) => Number(scoreCell(m, row, 'NodeResourcesFit').text);
  assert.equal(m.rows[0].cells[0].text, 'worker-1 ★');
  assert.ok(m.rows.slice(1).every((row) => fit(row) < fit(m.rows[0])), `MostAllocated: ${m.rows.map((r) => `${r.cells[0].text} ${fit(r)}`)}`);
  await editAndApply(page, (text) => replaceOnce(text, '  - name: PodTopologySpread\n    args:\n      defaultingType: List\n', ''));
  const last = await end(page);
  assert.deepEqual(nodesOf(last, 'default/packed'), ['worker-1', 'worker-2', 'worker-3'], 'one packed pod per node');
  assert.equal(podsOf(last, 'default/packed').length, 3);
  await page.context().close();
});

/** Submits the Drain form of `node`'s card with the `flags` ticked, at the frame on screen. */
async function drainFromCard(page, node, flags = []) {
  await page.locator(`[data-testid=node-card][data-node=${node}] summary`, { hasText: 'Drain' }).click();
  const form = page.getByRole('form', { name: `kubectl drain ${node}` });
  for (const flag of flags) await form.getByRole('checkbox', { name: flag }).check();
  const step = flags.includes('--ignore-daemonsets') ? `node: ${node}\\n\\s+ignoreDaemonSets: true\\n` : `node: ${node}\\n(?!\\s+ignoreDaemonSets)`;
  return boardEdit(page, () => form.getByRole('button', { name: 'Drain', exact: true }).click(), new RegExp(`drain:\\n\\s+${step}`));
}

test('lesson 18, try next: Why? of the pod marked "eviction refused" gives the budget\'s arithmetic; with 4 replicas the first drain completes before the budget is changed', async () => {
  const page = await load('drain-blocked-by-budget', '18-drain-blocked-by-budget.txt');
  const frames = await walk(page);
  const blocked = frames.findIndex((f) => nodeOf(f, 'worker-1').pods.some((p) => p.refused));
  assert.ok(blocked > 0, 'a pod is marked');
  await seek(page, blocked);
  await page.locator('[data-node=worker-1] [data-testid=pod]:has([data-testid=eviction-refused]) .pod-link').click();
  await page.getByTestId('deletion').waitFor();
  assert.match(await page.getByTestId('deletion').innerText(),
    /^The budget web-pdb needs 3 healthy pods and has 3, so it allows 0 disruptions: evicting this pod would break it\./);
  await editAndApply(page, (text) => replaceOnce(text, 'spec:\n  replicas: 3\n', 'spec:\n  replicas: 4\n'));
  await end(page);
  const output = await kubectl(page, 'kubectl drain');
  const [first, second] = output.split(/(?=^\$ kubectl drain)/m);
  assert.match(first, /^\$ kubectl drain worker-1 --timeout=1m0s\nnode\/worker-1 cordoned\n[\s\S]*\nnode\/worker-1 drained\n/, 'the first drain completes');
  assert.doesNotMatch(first, /global timeout reached/);
  assert.match(second, /^\$ kubectl drain worker-1\nnode\/worker-1 already cordoned\nnode\/worker-1 drained/, 'nothing is left for the drain after the budget change');
  await page.context().close();
});

test('lesson 19, try next: draining worker-2 from its node card drains it too, one pod at a time; with maxUnavailable 2 both pods of worker-1 go at once', async () => {
  const page = await load('drain-one-at-a-time', '19-drain-one-at-a-time.txt');
  const lesson = await editor(page).inputValue();
  const end1 = await end(page);
  assert.equal(end1.nodes['worker-1'].pods.length, 0, 'worker-1 is drained');
  await drainFromCard(page, 'worker-2');
  let frames = await walk(page);
  const from = frames.findIndex((f) => f.t >= end1.t);
  for (const f of frames.slice(from)) assert.ok(available(f, 'default/web') >= 5, `the budget holds at ${f.clock}`);
  const last = frames.at(-1);
  assert.ok(last.nodes['worker-2'].cordoned && last.nodes['worker-2'].pods.length === 0, 'worker-2 is drained');
  assert.equal(podsOf(last, 'default/web').filter((p) => p.ready).length, 6, 'all 6 serve on worker-3');
  assert.equal(last.nodes['worker-3'].pods.length, 6);
  await end(page);
  assert.match(await kubectl(page, 'kubectl drain'), /\$ kubectl drain worker-2\nnode\/worker-2 cordoned\n[\s\S]*Cannot evict pod as it would violate the pod's disruption budget\.[\s\S]*node\/worker-2 drained\n?$/);

  await editAndApply(page, () => replaceOnce(lesson, '  maxUnavailable: 1\n  selector:', '  maxUnavailable: 2\n  selector:'));
  frames = await walk(page);
  const going = (f) => nodeOf(f, 'worker-1').pods.filter((p) => p.status === 'Terminating').length;
  assert.ok(frames.some((f) => going(f) === 2), 'both pods of worker-1 terminate at the same time');
  assert.ok(frames.some((f) => podsOf(f, 'default/web').filter((p) => p.ready).length === 4), 'only 4 of 6 Running and Ready at one moment');
  await end(page);
  const output = await kubectl(page, 'kubectl drain');
  assert.doesNotMatch(output, /Cannot evict/);
  assert.match(output, /evicting pod default\/web-\S+\nevicting pod default\/web-\S+\npod\/web-\S+ evicted\npod\/web-\S+ evicted\nnode\/worker-1 drained/);
  await page.context().close();
});

test('lesson 20, try next: draining worker-2 from its node card without --ignore-daemonsets is refused because of the daemon pod; with it the node is drained and the daemon pod stays', async () => {
  const page = await load('drain-daemonset-pods', '20-drain-daemonset-pods.txt');
  await end(page);
  await drainFromCard(page, 'worker-2');
  let last = await end(page);
  let output = await kubectl(page, 'kubectl drain');
  const without = output.slice(output.lastIndexOf('$ kubectl drain worker-2'));
  assert.match(without, /^\$ kubectl drain worker-2\nnode\/worker-2 cordoned\nerror: unable to drain node "worker-2" due to error: cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/node-agent-\w+, continuing command\.\.\./);
  assert.doesNotMatch(without, /evicting|node\/worker-2 drained/);
  assert.ok(last.nodes['worker-2'].cordoned && last.nodes['worker-2'].pods.some((p) => p.owner === 'default/web'), 'cordoned, its web pod still there');

  await drainFromCard(page, 'worker-2', ['--ignore-daemonsets']);
  last = await end(page);
  output = await kubectl(page, 'kubectl drain');
  const withFlag = output.slice(output.lastIndexOf('$ kubectl drain worker-2'));
  assert.match(withFlag, /^\$ kubectl drain worker-2 --ignore-daemonsets\nnode\/worker-2 already cordoned\nWarning: ignoring DaemonSet-managed Pods: kube-system\/node-agent-\w+\n(evicting pod default\/web-\S+\n)+(pod\/web-\S+ evicted\n)+node\/worker-2 drained/);
  assert.deepEqual(last.nodes['worker-2'].pods.map((p) => [p.owner, p.status]), [['kube-system/node-agent', 'Running']], 'only the daemon pod is left, running');
  await page.context().close();
});

test('lesson 21, try next: in the first seconds Why? of the pod not created yet names the predecessor it waits for and how it is; kubectl get sts and rollout status say it is not ready', async () => {
  const page = await load('stateful-set-ordered-start', '21-stateful-set-ordered-start.txt');
  const frames = await walk(page, 5);
  const waiting = frames.find((f) => f.pending.some((p) => p.includes('not created yet')));
  assert.ok(waiting, 'a pod listed as "not created yet"');
  await seek(page, waiting.i);
  const listed = page.getByTestId('pending-pod').filter({ hasText: 'not created yet' }).first();
  const [key] = (await listed.innerText()).split('\n');
  const name = key.split('/')[1];
  const [set, ordinal] = [name.replace(/-\d+$/, ''), Number(name.split('-').at(-1))];
  const predecessor = `${set}-${ordinal - 1}`;
  await listed.getByRole('button').click();
  await settled(page);
  const note = await page.getByTestId('explain-panel').getByTestId('controller-note').first().innerText();
  assert.equal(await page.getByTestId('delete-pod').count(), 0, 'a pod not created yet cannot be deleted');
  const shown = byName(waiting)[predecessor]?.status ?? 'Pending';
  assert.match(note, new RegExp(`^${name} does not exist yet: it waits for its predecessor\\. StatefulSet ${set} starts its pods one at a time, in ordinal order, and creates ${name} only once ${predecessor} is Running and Ready\\. ${predecessor} is ${shown}, not Ready\\.`));
  assert.match(await kubectl(page, 'kubectl get sts -A'), new RegExp(`default\\s+${set}\\s+0/3\\s`));
  assert.match(await kubectl(page, 'kubectl rollout status sts'), new RegExp(`sts/${set} -n default\\nWaiting for 3 pods to be ready\\.\\.\\.`));
  await page.context().close();
});

test('lesson 22, try next: during the canary Why? of web-0 names the partition; the setPartition step at 2 keeps web-0 and web-1 on the old revision; at partition 4 a new version replaces no pod', async () => {
  const page = await load('stateful-set-canary', '22-stateful-set-partitioned-canary.txt');
  let frames = await walk(page);
  const canary = frames.find((f) => byName(f)['web-3']?.revision === '2' && byName(f)['web-3'].ready
    && ['web-0', 'web-1', 'web-2'].every((n) => byName(f)[n]?.revision === '1'));
  assert.ok(canary, 'the canary');
  await seek(page, canary.i);
  await page.locator('[data-testid=pod]', { has: page.locator('.pod-name', { hasText: /^web-0$/ }) }).locator('.pod-link').click();
  await settled(page);
  assert.match(await page.getByTestId('explain-panel').getByTestId('controller-note').first().innerText(),
    /^web-0 is kept on the old revision web-\w+ by the partition: the partition is 3/);

  await editAndApply(page, (text) => replaceOnce(text, 'setPartition: {statefulSet: web, partition: 0}', 'setPartition: {statefulSet: web, partition: 2}'));
  let last = await end(page);
  const revisions = (f) => Object.fromEntries(Object.entries(byName(f)).map(([n, p]) => [n, [p.revision, p.old, p.ready]]));
  assert.deepEqual(revisions(last), { 'web-0': ['1', true, true], 'web-1': ['1', true, true], 'web-2': ['2', false, true], 'web-3': ['2', false, true] });
  assert.match(last.sts['default/web'], /replicas 4 · ready 4 · current 2 · updated 2 · available 4/);

  const rollout = page.locator('[data-testid=rollout][data-kind=StatefulSet]');
  await boardEdit(page, async () => {
    await rollout.getByRole('spinbutton', { name: 'partition' }).fill('4');
    await rollout.getByRole('button', { name: 'Set partition' }).click();
  }, /setPartition:\n\s+statefulSet: web\n\s+namespace: default\n\s+partition: 4\n/);
  const before = revisions(await end(page));
  assert.equal(await rollout.getByRole('textbox', { name: 'New image' }).inputValue(), 'nginx:1.29');
  await boardEdit(page, () => rollout.getByRole('button', { name: 'Roll out new version' }).click(), /setImage:\n\s+statefulSet: web\n\s+namespace: default\n\s+image: nginx:1.29\n/);
  frames = await walk(page);
  const step = frames.findIndex((f) => /set image statefulset\/web nginx:1.29/.test(f.title));
  assert.ok(step > 0);
  for (const f of frames.slice(step)) {
    assert.deepEqual(Object.fromEntries(Object.entries(revisions(f)).map(([n, [r]]) => [n, r])),
      Object.fromEntries(Object.entries(before).map(([n, [r]]) => [n, r])), `no pod replaced at ${f.clock}`);
  }
  last = frames.at(-1);
  assert.ok(allPods(last).every((p) => p.status === 'Running' && p.ready && p.old), 'every pod stays, now on an old revision');
  assert.match(last.sts['default/web'], /updated 0 · available 4/);
  assert.match(await kubectl(page, 'kubectl rollout status sts'), /partitioned roll out complete: 0 new pods have been updated\.\.\./);
  await page.context().close();
});

test('lesson 23, try next: after the rollback Why? of web-2 says the set waits for it and only deleting it helps; rollout status waits at each step until web-2 is deleted; with podManagementPolicy Parallel the rollback alone replaces it', async () => {
  const page = await load('stateful-set-stuck', '23-stateful-set-stuck-rollout.txt');
  let frames = await walk(page);
  const rollback = frames.findIndex((f) => /^step 3: rollout undo statefulset\/web/.test(f.title));
  assert.ok(rollback > 0);
  const stuck = frames.findIndex((f, i) => i > rollback && byName(f)['web-2']?.status === 'ImagePullBackOff');
  assert.ok(stuck > rollback, 'web-2 is still broken after the rollback');
  await seek(page, stuck);
  await page.locator('[data-testid=pod]', { has: page.locator('.pod-name', { hasText: /^web-2$/ }) }).locator('.pod-link').click();
  await settled(page);
  const notes = await page.getByTestId('explain-panel').getByTestId('controller-note').allInnerTexts();
  assert.match(notes[0], /^StatefulSet web waits for this pod/);
  assert.match(notes[1], /Rolling the template back is not enough: the controller waits for this pod before it would replace it\. Delete the pod/);

  // kubectl rollout status at each step of the scenario, then at the end.
  const status = [];
  for (const f of frames.filter((f) => /^step \d+:/.test(f.title))) {
    await seek(page, f.i);
    status.push(`${f.title.split(':')[0]}: ${(await kubectl(page, 'kubectl rollout status sts')).split('\n')[1]}`);
  }
  await end(page);
  status.push(`end: ${(await kubectl(page, 'kubectl rollout status sts')).split('\n')[1]}`);
  assert.deepEqual(status, [
    'step 1: Waiting for statefulset spec update to be observed...',
    'step 2: Waiting for 1 pods to be ready...',
    'step 3: Waiting for statefulset spec update to be observed...',
    'step 4: Waiting for 1 pods to be ready...',
    'step 5: Waiting for 1 pods to be ready...',
    'step 6: Waiting for 1 pods to be ready...',
    'end: partitioned roll out complete: 3 new pods have been updated...',
  ]);

  await editAndApply(page, (text) => replaceOnce(text, 'spec:\n  serviceName: web\n  replicas: 3\n', 'spec:\n  serviceName: web\n  replicas: 3\n  podManagementPolicy: Parallel\n'));
  frames = await walk(page);
  const undo = frames.findIndex((f) => /^step 3: rollout undo statefulset\/web/.test(f.title));
  const deletion = frames.findIndex((f) => /^step 5: delete pod web-2/.test(f.title));
  assert.ok(undo > 0 && deletion > undo);
  const replaced = frames.slice(undo, deletion).find((f) => byName(f)['web-2']?.revision === '3' && byName(f)['web-2'].ready);
  assert.ok(replaced, 'web-2 runs the rolled-back revision before the step that deletes it');
  await seek(page, deletion - 1);
  assert.match(await kubectl(page, 'kubectl rollout status sts'), /partitioned roll out complete: 3 new pods have been updated\.\.\./);
  await page.context().close();
});

test('large cluster, try next: a zone\'s title zooms into its node cards, and a cell explains its node', async () => {
  const page = await openPage(browser);
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('large-cluster');
  await page.waitForFunction((t) => document.querySelector('[data-testid=lesson-info]')?.innerText.includes(`Try next: ${t}`), tryNext('scale-5000.txt'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=compact-board] [data-node]').length === 5000, null, { timeout: 90_000, polling: 500 });
  await settled(page);
  const pause = page.getByRole('button', { name: 'Pause' });
  if (await pause.isVisible()) await pause.click();
  await settled(page);
  const zoneA = page.locator('[data-zoom="zone-a"]');
  assert.equal(await zoneA.innerText(), 'topology.kubernetes.io/zone = zone-a');
  await zoneA.click();
  const cards = page.locator('[data-testid=node-card]');
  await cards.first().waitFor();
  assert.equal(await cards.count(), 100, 'the first 100 node cards of the zone');
  assert.match(await page.locator('.zoom-bar').innerText(), /topology\.kubernetes\.io\/zone = zone-a[\s\S]*showing the first 100 of 1667 nodes/);
  const names = await cards.evaluateAll((els) => els.map((e) => e.dataset.node));
  const labels = await cards.first().locator('.node-labels li').allTextContents();
  assert.ok(labels.includes('topology.kubernetes.io/zone=zone-a'), `${names[0]} is in zone-a: ${labels}`);
  await page.getByTestId('unzoom').click();
  await page.locator('[data-testid=compact-board] [data-node="node-0002"]').click();
  await settled(page);
  const panel = page.getByTestId('explain-panel');
  assert.match(await panel.locator('h2').innerText(), /node-0002/);
  assert.match(await panel.innerText(), /DaemonSet monitoring\/node-exporter[\s\S]*shouldRun=true shouldContinueRunning=true/);
  await page.context().close();
});
