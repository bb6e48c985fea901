// User journeys through the playground (issue: the playground UI), against the release build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, screenshot, settled, ROOT, lessonShown } from './harness.mjs';
import { seek, walk, readMatrix, filterCell, scoreCell, rowOf, paste } from './page.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const lesson = (file) => readFileSync(join(ROOT, 'scenarios', 'lessons', file), 'utf8');
const TOLERATION = [
  '      tolerations:',
  '      - key: node-role.kubernetes.io/control-plane',
  '        operator: Exists',
  '        effect: NoSchedule',
].join('\n');

async function open() {
  const page = await openPage(browser);
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  return page;
}

/** Pastes over the editor text, applies it and waits until playback has reached the end. */
async function applyAndSettle(page, text) {
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  await paste(page, editor, text);
  assert.equal(await editor.inputValue(), text, 'the editor holds the pasted text');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  // The new run's frames (the timeline's length) arrive with the engine's answer.
  await settled(page);
  await settle(page);
}

/** Jumps to the end of the timeline. */
async function settle(page) {
  const scrubber = page.getByRole('slider', { name: 'Timeline' });
  const max = await scrubber.getAttribute('max');
  await scrubber.fill(max);
  await page.waitForFunction((m) => {
    const clock = document.querySelector('[data-testid=clock]');
    return clock && clock.textContent.includes(`${Number(m) + 1} of ${Number(m) + 1}`);
  }, max);
  await settled(page);
}

/** Node name -> list of {status, ready, revision} of its daemon pods, as the board shows them. */
async function board(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid=node-card]')].map((card) => [
    card.dataset.node,
    [...card.querySelectorAll('[data-testid=pod]')].map((p) => ({ status: p.dataset.status, ready: p.dataset.ready === 'true', revision: p.dataset.revision })),
  ])));
}

test('a first visit opens the default lesson with its banner and plays it from the start; autoplay=0 shows it settled', async () => {
  const page = await openPage(browser, { viewport: { width: 1280, height: 800 } });
  await page.goto(server.origin + '/');
  const info = page.getByTestId('lesson-info');
  await info.waitFor();
  assert.match(await info.innerText(), /^1\. [\s\S]*Try next:/);
  assert.equal(await page.getByRole('combobox', { name: 'Lessons' }).inputValue(), 'default');
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  // It plays: the clock moves on by itself.
  const first = await page.getByTestId('clock').innerText();
  await page.waitForFunction((before) => document.querySelector('[data-testid=clock]').textContent !== before, first);
  await screenshot(page, 'first-visit');
  await page.context().close();

  const paused = await openPage(browser);
  await paused.goto(server.origin + '/?autoplay=0');
  await paused.getByTestId('lesson-info').waitFor();
  await settled(paused);
  await paused.getByRole('button', { name: 'Play' }).waitFor();
  assert.match(await paused.getByTestId('clock').innerText(), /step (\d+) of \1\b/, 'settled at the last frame');
  await paused.context().close();
});

test('the default scenario runs fluentd on the three workers and explains the control-plane taint', async () => {
  const page = await open();
  const pods = await board(page);
  assert.deepEqual(Object.keys(pods), ['control-plane', 'worker-1', 'worker-2', 'worker-3']);
  assert.deepEqual(pods['control-plane'], []);
  for (const worker of ['worker-1', 'worker-2', 'worker-3']) {
    assert.equal(pods[worker].length, 1, worker);
    assert.equal(pods[worker][0].status, 'Running');
    assert.equal(pods[worker][0].ready, true);
  }
  await page.getByRole('button', { name: 'Explain node control-plane' }).click();
  await settled(page);
  const panel = page.getByTestId('explain-panel');
  await panel.waitFor();
  const text = await panel.innerText();
  assert.match(text, /node-role\.kubernetes\.io\/control-plane/);
  assert.match(text, /toleration/i);
  assert.match(text, /No daemon pod runs on this node, and the controller does not create one/);
  await screenshot(page, 'journey-default-scenario');
  await page.keyboard.press('Escape');
  await page.locator('.explain-empty').waitFor();
  const toggle = page.getByRole('button', { name: 'Compact view' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.click();
  await page.locator('[data-testid=compact-board]').waitFor();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'the same button, now pressed');
  await page.context().close();
});

test("adding the tutorial's control-plane toleration places a pod on the control-plane node", async () => {
  const page = await open();
  const text = await page.getByRole('textbox', { name: 'YAML editor' }).inputValue();
  await applyAndSettle(page, text.replace('    spec:\n      containers:', `    spec:\n${TOLERATION}\n      containers:`));
  const pods = await board(page);
  assert.equal(pods['control-plane'].length, 1);
  assert.equal(pods['control-plane'][0].ready, true);
  await screenshot(page, 'journey-control-plane-toleration');
  await page.context().close();
});

test('a node added with a taint from the UI gets no daemon pod, says why, and a toleration fixes it', async () => {
  const page = await open();
  await page.getByRole('button', { name: '+ Add node' }).click();
  const form = page.getByRole('form', { name: 'Add node' });
  await form.getByLabel('Name').fill('gpu-1');
  await form.getByLabel('Taints (key=value:Effect, one per line)').fill('dedicated=gpu:NoSchedule');
  await form.getByRole('button', { name: 'Add' }).click();
  await page.locator('[data-node="gpu-1"]').waitFor();
  await settle(page);

  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  const yaml = await editor.inputValue();
  assert.match(yaml, /name: gpu-1/, 'the YAML has the new node');
  assert.match(yaml, /key: dedicated\n\s+value: gpu\n\s+effect: NoSchedule/);
  assert.deepEqual((await board(page))['gpu-1'], []);

  await page.getByRole('button', { name: 'Explain node gpu-1' }).click();
  await settled(page);
  const panel = page.getByTestId('explain-panel');
  assert.match(await panel.innerText(), /dedicated/);
  await screenshot(page, 'journey-tainted-node-explained');

  const withToleration = yaml.replace('    spec:\n      containers:',
    '    spec:\n      tolerations:\n      - key: dedicated\n        operator: Equal\n        value: gpu\n        effect: NoSchedule\n      containers:');
  await applyAndSettle(page, withToleration);
  const pods = await board(page);
  assert.equal(pods['gpu-1'].length, 1);
  assert.equal(pods['gpu-1'][0].ready, true);
  await page.context().close();
});

test('a rolling update with maxUnavailable 1 never has two nodes without an available pod', async () => {
  const page = await open();
  await applyAndSettle(page, lesson('06-rolling-update.yaml'));
  const max = Number(await page.getByRole('slider', { name: 'Timeline' }).getAttribute('max'));
  assert.ok(max > 10, `the rollout has frames (${max})`);

  // Walk every frame of the recorded animation.
  const samples = (await walk(page)).map((frame) => ({
    i: frame.i,
    nodes: Object.entries(frame.nodes).map(([node, card]) => ({
      node,
      available: card.pods.some((p) => p.ready && p.status === 'Running'),
      revisions: card.pods.map((p) => p.revision),
    })),
  }));

  const steady = samples.findIndex((s) => s.nodes.length === 4 && s.nodes.every((n) => n.available));
  assert.ok(steady >= 0, 'the DaemonSet becomes available everywhere');
  let mixedAt = -1;
  for (const s of samples.slice(steady)) {
    const down = s.nodes.filter((n) => !n.available).map((n) => n.node);
    assert.ok(down.length <= 1, `frame ${s.i}: ${down.join(', ')} have no available pod`);
    const revs = new Set(s.nodes.flatMap((n) => n.revisions));
    if (mixedAt < 0 && revs.has('1') && revs.has('2')) mixedAt = s.i;
  }
  assert.ok(mixedAt > 0, 'some frame shows old and new revisions together');

  // Back to the middle of the rollout: mixed revisions are on screen.
  await page.getByRole('slider', { name: 'Timeline' }).fill(String(mixedAt));
  await page.waitForFunction((i) => document.querySelector('[data-testid=clock]').textContent.includes(`step ${i + 1} of`), mixedAt);
  await settled(page);
  const middle = Object.values(await board(page)).flat().map((p) => p.revision);
  assert.ok(middle.includes('1') && middle.includes('2'), `mixed revisions: ${middle}`);
  await screenshot(page, 'journey-rolling-update-middle');

  // The end: the chart's status and rollout status say it is done.
  await settle(page);
  assert.match(await page.getByTestId('ds-status').innerText(), /desired 4 · updated 4 · available 4 · unavailable 0/);
  await page.getByRole('tab', { name: 'kubectl rollout status ds' }).click();
  await settled(page);
  assert.match(await page.getByTestId('kubectl-output').innerText(), /daemon set "fluentd-elasticsearch" successfully rolled out/);
  await screenshot(page, 'journey-rolling-update-done');
  await page.context().close();
});

test('a Deployment rolls out on the board, coloured by revision, with its chart and ReplicaSets', async () => {
  const page = await open();
  await applyAndSettle(page, readFileSync(join(ROOT, 'tests', 'e2e', 'fixtures', 'deployment-rollout.yaml'), 'utf8'));
  /** Every Deployment pod on the board: its node, owner, revision and whether it is current. */
  const pods = () => page.evaluate(() => [...document.querySelectorAll('[data-testid=node-card] [data-testid=pod]')].map((p) => ({
    node: p.closest('[data-testid=node-card]').dataset.node,
    owner: p.dataset.owner,
    revision: p.dataset.revision,
    old: p.classList.contains('old-revision'),
    colour: [...p.classList].find((c) => c.startsWith('owner-')),
  })));

  // The end: six pods of revision 2 spread over the three workers, none old.
  const end = await pods();
  assert.equal(end.length, 6, JSON.stringify(end));
  for (const pod of end) {
    assert.deepEqual([pod.owner, pod.revision, pod.old, pod.colour], ['default/web', '2', false, 'owner-0'], JSON.stringify(pod));
  }
  assert.deepEqual([...new Set(end.map((p) => p.node))].sort(), ['worker-1', 'worker-2', 'worker-3'], 'the pods spread by score');
  const rollout = page.locator('[data-testid=rollout][data-kind=Deployment]');
  assert.match(await rollout.getByTestId('deploy-status').innerText(), /desired 6 · updated 6 · available 6 · unavailable 0/);
  const replicaSets = await rollout.getByTestId('replica-set').allInnerTexts();
  assert.equal(replicaSets.length, 2, 'revision 1 and revision 2');
  assert.match(replicaSets[0], /web-7c9d8b6f5 0\/0 Ready/);
  assert.match(replicaSets[1], /web-\w+ 6\/6 Ready/);
  assert.match(await page.getByTestId('owner-legend').innerText(), /Deployment default\/web/);
  // The chart: a y axis up to the highest count, 7 available at once (6 replicas and the
  // surge of 1 before an old pod goes), and an x axis to a quarter past the last change
  // (the run goes on to the progress deadline's resyncs at 10m).
  const chart = rollout.getByTestId('rollout-chart');
  assert.equal(await chart.getByTestId('chart-max').textContent(), '7');
  assert.match(await chart.getByTestId('chart-end').textContent(), /^\d+(\.\d+)?s$/);
  assert.equal(await chart.locator('polyline').count(), 5, 'four series and the axes');

  // Mid-rollout: old (hatched) and new pods side by side.
  const scrubber = page.getByRole('slider', { name: 'Timeline' });
  const max = Number(await scrubber.getAttribute('max'));
  let mixedAt = -1;
  for (let i = 0; i <= max && mixedAt < 0; i += 1) {
    await scrubber.fill(String(i));
    await page.waitForFunction((n) => document.querySelector('[data-testid=clock]').textContent.includes(`step ${n + 1} of`), i);
    await settled(page);
    const shown = await pods();
    const revisions = new Set(shown.map((p) => p.revision));
    if (revisions.has('1') && revisions.has('2') && shown.some((p) => p.revision === '2' && !p.old)) mixedAt = i;
  }
  assert.ok(mixedAt > 0, 'some frame shows both ReplicaSets\' pods');
  const middle = await pods();
  for (const pod of middle) assert.equal(pod.old, pod.revision === '1', JSON.stringify(pod));
  await screenshot(page, 'journey-deployment-board-mid-rollout');
  await rollout.screenshot({ path: join(ROOT, 'target', 'e2e', 'journey-deployment-chart.png') });

  // The kubectl panel at the end: get deploy.
  await settle(page);
  await page.getByRole('tab', { name: 'kubectl get deploy -A' }).click();
  await settled(page);
  assert.match(await page.getByTestId('kubectl-output').innerText(), /default\s+web\s+6\/6\s+6\s+6\s/);

  // Scale from the rollout panel: a scenario step in the YAML, then 8 pods.
  await rollout.getByRole('spinbutton', { name: 'Replicas' }).fill('8');
  await rollout.getByRole('button', { name: 'Scale', exact: true }).click();
  // The engine writes the step into the text (a round trip to the worker): wait for it.
  await page.waitForFunction(() => document.querySelector('#yaml-editor').value.includes('replicas: 8'));
  await settled(page);
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  assert.match(await editor.inputValue(), /- at: 10m9s\n\s+scale:\n\s+deployment: web\n\s+namespace: default\n\s+replicas: 8\n/, 'a step at the time on screen');
  await settle(page);
  assert.match(await rollout.getByTestId('deploy-status').innerText(), /desired 8 · updated 8 · available 8 · unavailable 0/);
  await page.context().close();
});

test('a StatefulSet scales up in ordinal order, explains the pod that waits, and rolls out a partitioned canary from its panel', async () => {
  const page = await open();
  await applyAndSettle(page, readFileSync(join(ROOT, 'tests', 'e2e', 'fixtures', 'statefulset-rollout.yaml'), 'utf8'));
  /** The StatefulSet's pods in board order: name, node, revision, readiness, old revision. */
  const pods = () => page.evaluate(() => [...document.querySelectorAll('[data-testid=node-card] [data-testid=pod]')]
    .filter((p) => p.dataset.owner === 'default/web')
    .map((p) => ({
      name: p.querySelector('.pod-name').textContent,
      node: p.closest('[data-testid=node-card]').dataset.node,
      revision: p.dataset.revision,
      ready: p.dataset.ready === 'true',
      old: p.classList.contains('old-revision'),
      colour: [...p.classList].find((c) => c.startsWith('owner-')),
    })));
  const rollout = page.locator('[data-testid=rollout][data-kind=StatefulSet]');
  assert.match(await rollout.getByTestId('sts-status').innerText(), /replicas 2 · ready 2 · current 2 · updated 2 · available 2/);
  assert.match(await page.getByTestId('owner-legend').innerText(), /StatefulSet default\/web/);
  assert.deepEqual((await pods()).map((p) => [p.name, p.revision, p.colour]), [['web-0', '1', 'owner-0'], ['web-1', '1', 'owner-0']]);

  // Scale to 5 from the rollout panel: a step at the time on screen.
  await rollout.getByRole('spinbutton', { name: 'Replicas' }).fill('5');
  await rollout.getByRole('button', { name: 'Scale', exact: true }).click();
  await page.waitForFunction(() => /statefulSet: web\n\s+namespace: default\n\s+replicas: 5/.test(document.querySelector('#yaml-editor').value));
  await settled(page);
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  assert.match(await editor.inputValue(), /- at: \S+\n\s+scale:\n\s+statefulSet: web\n\s+namespace: default\n\s+replicas: 5\n/);

  // Every frame: the ordinals appear one after another, each once the one before is ready.
  const scrubber = page.getByRole('slider', { name: 'Timeline' });
  const max = Number(await scrubber.getAttribute('max'));
  const frames = await page.evaluate(async (last) => {
    const scrub = document.querySelector('input[type=range]');
    const out = [];
    for (let i = 0; i <= last; i++) {
      scrub.value = String(i);
      scrub.dispatchEvent(new Event('input', { bubbles: true }));
      const shown = () => document.querySelector('[data-testid=clock]').textContent.includes(`step ${i + 1} of`)
        && document.querySelector('[data-testid=cluster-board][data-synced=true]');
      for (let tries = 0; tries < 1000 && !shown(); tries++) await new Promise((r) => setTimeout(r, 5));
      const pods = [...document.querySelectorAll('[data-testid=node-card] [data-testid=pod]')]
        .map((p) => ({ name: p.querySelector('.pod-name').textContent, ready: p.dataset.ready === 'true' }));
      const waiting = [...document.querySelectorAll('[data-testid=pending-pod]')].map((p) => p.innerText);
      out.push({ i, pods, waiting });
    }
    return out;
  }, max);
  const firstSeen = (name) => frames.findIndex((f) => f.pods.some((p) => p.name === name));
  const order = ['web-0', 'web-1', 'web-2', 'web-3', 'web-4'].map(firstSeen);
  assert.ok(order.every((at, k) => at >= 0 && (k === 0 || at > order[k - 1])), `one after another: ${order}`);
  for (let k = 1; k < 5; k++) {
    const before = frames[order[k]].pods.find((p) => p.name === `web-${k - 1}`);
    assert.ok(before?.ready, `web-${k} is created once web-${k - 1} is ready (frame ${order[k]})`);
  }
  // While web-2 starts, web-3 waits in the pending list; Why? says for whom.
  const waitingAt = frames.findIndex((f) => f.waiting.some((w) => /default\/web-3[\s\S]*not created yet: StatefulSet web is waiting for Pod web-2 to be Running and Ready/.test(w)));
  assert.ok(waitingAt > 0, 'web-3 waits for web-2');
  await scrubber.fill(String(waitingAt));
  await page.waitForFunction((n) => document.querySelector('[data-testid=clock]').textContent.includes(`step ${n + 1} of`), waitingAt);
  await settled(page);
  await page.getByTestId('pending-pod').filter({ hasText: 'default/web-3' }).getByRole('button').click();
  await settled(page);
  const why = page.getByTestId('explain-panel');
  assert.match(await why.getByTestId('controller-note').innerText(),
    /^web-3 does not exist yet: it waits for its predecessor\. StatefulSet web starts its pods one at a time, in ordinal order, and creates web-3 only once web-2 is Running and Ready\. web-2 is \S+, not Ready\./);
  await screenshot(page, 'journey-statefulset-waiting-pod');

  // The end: five pods listed by ordinal.
  await settle(page);
  assert.deepEqual((await pods()).map((p) => p.name).sort(), ['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
  const onCards = await page.evaluate(() => [...document.querySelectorAll('[data-testid=node-card]')]
    .map((card) => [...card.querySelectorAll('[data-testid=pod] .pod-name')].map((n) => Number(n.textContent.split('-')[1]))));
  for (const ordinals of onCards) assert.deepEqual(ordinals, [...ordinals].sort((a, b) => a - b), 'a card lists its pods by ordinal');

  // The partition control: 3, then a new image: only web-3 and web-4 are replaced.
  await rollout.getByRole('spinbutton', { name: 'partition' }).fill('3');
  await rollout.getByRole('button', { name: 'Set partition' }).click();
  await page.waitForFunction(() => /setPartition:\n\s+statefulSet: web\n\s+namespace: default\n\s+partition: 3/.test(document.querySelector('#yaml-editor').value));
  await settled(page);
  await settle(page);
  await rollout.getByRole('button', { name: 'Roll out new version' }).click();
  await page.waitForFunction(() => /setImage:\n\s+statefulSet: web\n\s+namespace: default\n\s+image: nginx:1.28/.test(document.querySelector('#yaml-editor').value));
  await settled(page);
  await settle(page);
  const canary = Object.fromEntries((await pods()).map((p) => [p.name, [p.revision, p.old]]));
  assert.deepEqual(canary, { 'web-0': ['1', true], 'web-1': ['1', true], 'web-2': ['1', true], 'web-3': ['2', false], 'web-4': ['2', false] });
  assert.match(await rollout.getByTestId('sts-status').innerText(), /replicas 5 · ready 5 · current 3 · updated 2 · available 5\ncurrentRevision web-\w+ \(1\) · updateRevision web-\w+ \(2\)/);
  assert.equal(await rollout.getByRole('spinbutton', { name: 'partition' }).inputValue(), '3');
  await page.locator('[data-testid=pod]', { hasText: 'web-1' }).getByRole('button').click();
  await settled(page);
  assert.match(await why.getByTestId('controller-note').innerText(), /^web-1 is kept on the old revision web-\w+ by the partition: the partition is 3/);
  await page.getByRole('tab', { name: 'kubectl rollout status sts' }).click();
  await settled(page);
  assert.match(await page.getByTestId('kubectl-output').innerText(), /partitioned roll out complete: 2 new pods have been updated\.\.\./);
  await screenshot(page, 'journey-statefulset-partitioned-canary');
  await rollout.screenshot({ path: join(ROOT, 'target', 'e2e', 'journey-statefulset-rollout-panel.png') });

  // In Chinese the engine's lines come in Chinese.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await settled(page);
  assert.match(await rollout.getByTestId('sts-status').innerText(), /副本 5 · 就绪 5 · 当前版本 3 · 已更新 2 · 可用 5/);
  assert.match(await why.getByTestId('controller-note').innerText(), /web-1 被分区（partition）保留在旧修订版本/);
  await screenshot(page, 'journey-statefulset-zh');
  await page.context().close();
});

const names = (m) => m.rows.map((r) => r.cells[0].text);

/** The sort button of a heading of the matrix. */
const heading = (page, text) => page.locator('[data-testid=matrix] th button').filter({ hasText: new RegExp(`^${text}$`) });

/** Shows the first frame with exactly `n` pending pods (within the first 12). */
async function seekPending(page, n) {
  for (let i = 0; i < 12; i += 1) {
    await seek(page, i);
    if (await page.getByTestId('pending-pod').count() === n) return i;
  }
  throw new Error(`no frame with ${n} pending pod(s)`);
}

test('the node × plugin matrix of a pending pod shows each filter\'s reason and the feasible node\'s scores, and sorts by a column', async () => {
  const page = await open();
  await applyAndSettle(page, lesson('15-anti-affinity-rolling-update.yaml'));
  // The ReplicaSet creates three pods at once; the scheduler places them one at a time:
  // the frame where one is left, with a web pod on worker-1 and worker-2 already.
  await seekPending(page, 1);
  await page.getByTestId('pending-pod').getByRole('button').click();
  await page.getByRole('tab', { name: 'Node × plugin' }).click();
  await settled(page);
  let m = await readMatrix(page);
  assert.match(m.caption, /^Profile default-scheduler · 3 node\(s\), 1 feasible · chosen ★ worker-3 /);
  assert.deepEqual(names(m), ['worker-3 ★', 'worker-1', 'worker-2'], 'by total, the failing nodes after');
  const reason = filterCell(m, rowOf(m, 'worker-1'), 'InterPodAffinity');
  assert.equal(reason.text, "⚠ node(s) didn't match pod anti-affinity rules");
  assert.match(reason.tip, /preemption may help/);
  assert.equal(filterCell(m, rowOf(m, 'worker-1'), 'NodeResourcesFit').text, '✓');
  const best = m.rows[0];
  assert.ok(best.marked);
  assert.ok(Number(best.cells[1].text) > 0, 'the chosen node has a total');
  const fit = scoreCell(m, best, 'NodeResourcesFit');
  assert.match(fit.tip, new RegExp(`^NodeResourcesFit: raw \\d+ → normalised \\d+ × weight 1 = ${fit.text}$`));
  assert.equal(scoreCell(m, rowOf(m, 'worker-1'), 'NodeResourcesFit').text, '', 'no score on a failing node');
  await screenshot(page, 'journey-matrix-3-nodes');

  // Sorting: by name; by InterPodAffinity (failures first), then the other way round.
  await heading(page, 'Node').click();
  m = await readMatrix(page);
  assert.deepEqual(names(m), ['worker-1', 'worker-2', 'worker-3 ★']);
  assert.equal(m.sorted[0], 'descending');
  const byAffinity = heading(page, 'InterPodAffinity');
  await byAffinity.click();
  assert.deepEqual(names(await readMatrix(page)), ['worker-1', 'worker-2', 'worker-3 ★']);
  await byAffinity.click();
  m = await readMatrix(page);
  assert.equal(names(m)[0], 'worker-3 ★');
  assert.equal(m.sorted[m.headings.indexOf('InterPodAffinity')], 'ascending');

  // In Chinese: the headings, the caption and the tips; the upstream reasons stay verbatim.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await page.getByRole('tab', { name: '节点 × 插件' }).waitFor();
  m = await readMatrix(page);
  assert.deepEqual(m.headings.slice(0, 2), ['节点', '总分']);
  assert.match(m.caption, /^调度配置 default-scheduler · 3 个节点，1 个可行/);
  assert.match(scoreCell(m, rowOf(m, 'worker-3'), 'NodeResourcesFit').tip, /原始 \d+ → 归一化 \d+ × 权重 1/);
  await screenshot(page, 'journey-matrix-3-nodes-zh');
  await page.context().close();
});

test('at 500 nodes the matrix shows 50 rows a page, filters by node name and never blocks the page for 200 ms', { timeout: 120_000 }, async () => {
  const scale = readFileSync(join(ROOT, 'scenarios', 'scale-5000.yaml'), 'utf8');
  let kept = 0;
  const nodes = scale.split('\n---\n').filter((doc) => /^kind: Node$/m.test(doc) && kept++ < 500);
  const web = lesson('15-anti-affinity-rolling-update.yaml').split('\n---\n')[0];
  const page = await open();
  // Typed in at once (filling 500 nodes key by key would take minutes).
  await page.getByRole('textbox', { name: 'YAML editor' }).evaluate((editor, text) => {
    editor.value = text;
    editor.dispatchEvent(new Event('input', { bubbles: true }));
  }, [web, ...nodes].join('\n---\n'));
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await settled(page, 60_000);
  await seekPending(page, 3);
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); })
      .observe({ type: 'longtask' });
  });
  await page.getByTestId('pending-pod').first().getByRole('button').click();
  await page.getByRole('tab', { name: 'Node × plugin' }).click();
  await settled(page);
  let m = await readMatrix(page);
  assert.match(m.caption, /· 500 node\(s\), \d+ feasible · chosen ★ /);
  assert.equal(m.rows.length, 50);
  assert.equal(m.page, '1–50 / 500');
  assert.ok(m.rows[0].marked && Number(m.rows[0].cells[1].text) > 0);
  await screenshot(page, 'journey-matrix-500-nodes');
  await page.getByRole('button', { name: 'Next page' }).click();
  assert.equal((await readMatrix(page)).page, '51–100 / 500');
  await heading(page, 'Total').click();
  await heading(page, 'Total').click();
  m = await readMatrix(page);
  assert.equal(m.page, '1–50 / 500', 'a new sort starts at the first page');
  assert.equal(m.rows[0].cells[1].text, '—', 'lowest first: a failing node');
  await page.getByRole('searchbox', { name: 'Filter by node name' }).fill('control-plane');
  m = await readMatrix(page);
  assert.deepEqual(names(m).sort(), ['control-plane-1', 'control-plane-2', 'control-plane-3']);
  for (const row of m.rows) assert.equal(filterCell(m, row, 'TaintToleration').text, '✗ node(s) had untolerated taint(s)');
  await screenshot(page, 'journey-matrix-500-nodes-filtered');
  const longest = Math.max(0, ...await page.evaluate(() => window.longTasks));
  assert.ok(longest < 200, `a main-thread task took ${longest} ms`);
  await page.context().close();
});

test('a drain from a node card is blocked by a budget, explained, and completes once the budget is fixed', async () => {
  const page = await open();
  const text = readFileSync(join(ROOT, 'tests', 'e2e', 'fixtures', 'drain-journey.yaml'), 'utf8');
  await applyAndSettle(page, text);
  const budget = page.locator('[data-testid=rollout][data-key="default/web"] [data-testid=budget]');
  assert.match(await budget.innerText(), /PodDisruptionBudget web-pdb \(minAvailable: 3\): 0 disruptions allowed · 3 healthy, 3 needed · 3 pods expected/);

  // The Drain form of worker-1, with kubectl's flags; submitted as it is.
  const card = page.locator('[data-testid=node-card][data-node=worker-1]');
  await card.locator('summary', { hasText: 'Drain' }).click();
  const form = page.getByRole('form', { name: 'kubectl drain worker-1' });
  for (const flag of ['--ignore-daemonsets', '--delete-emptydir-data', '--force', '--disable-eviction']) {
    assert.equal(await form.getByRole('checkbox', { name: flag }).isChecked(), false, flag);
  }
  await screenshot(page, 'journey-drain-form');
  await form.getByRole('button', { name: 'Drain', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#yaml-editor').value.includes('drain:'));
  assert.equal(await form.count(), 0, 'the form closes once sent');
  await settled(page);
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  assert.match(await editor.inputValue(), /- at: [\dhms.]+\n\s+drain:\n\s+node: worker-1\n/, 'a drain step at the time on screen');
  await settle(page);

  // Blocked: the pod on worker-1 is marked, and Why? gives the budget's arithmetic first.
  assert.ok(await card.getByTestId('cordoned').isVisible(), 'the drain cordoned the node');
  const refused = card.locator('[data-testid=pod]:has([data-testid=eviction-refused])');
  assert.equal(await refused.count(), 1, 'the web pod on worker-1 is marked');
  await refused.locator('.pod-link').click();
  const why = page.getByTestId('deletion');
  await why.waitFor();
  const explained = await why.innerText();
  assert.match(explained, /^The budget web-pdb needs 3 healthy pods and has 3, so it allows 0 disruptions: evicting this pod would break it\./);
  assert.match(explained, /Cannot evict pod as it would violate the pod's disruption budget\.\s+The disruption budget web-pdb needs 3 healthy pods and has 3 currently/);
  await page.getByRole('tab', { name: 'kubectl drain', exact: true }).click();
  await settled(page);
  const blocked = await page.getByTestId('kubectl-output').innerText();
  assert.match(blocked, /^\$ kubectl drain worker-1\nnode\/worker-1 cordoned\nevicting pod default\/web-\w+-\w+\nerror when evicting pods\/"web-\w+-\w+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.\n/);
  assert.match(blocked, /# kubeplay: the drain is still blocked/);
  assert.doesNotMatch(blocked, /drained/);
  await screenshot(page, 'journey-drain-blocked-why');

  // The fix: a budget that allows one disruption. The drain then completes.
  await applyAndSettle(page, (await editor.inputValue()).replace('\n  minAvailable: 3\n', '\n  maxUnavailable: 1\n'));
  // The kubectl panel asks the engine again for the new run.
  await page.waitForFunction(() => /drained/.test(document.querySelector('[data-testid=kubectl-output]').textContent));
  const done = await page.getByTestId('kubectl-output').innerText();
  assert.match(done, /evicting pod default\/web-\w+-\w+\npod\/web-\w+-\w+ evicted\nnode\/worker-1 drained\n?$/);
  assert.equal(await page.locator('[data-testid=eviction-refused]').count(), 0);
  assert.deepEqual(await card.locator('[data-testid=pod]').count(), 0, 'worker-1 is empty');
  assert.match(await page.locator('[data-testid=rollout][data-key="default/web"] [data-testid=deploy-status]').innerText(), /available 3/);
  await screenshot(page, 'journey-drain-completed');

  // Maintenance over: Uncordon writes an uncordon step at the time on screen.
  await card.getByRole('button', { name: 'Uncordon', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#yaml-editor').value.includes('uncordon: worker-1'));
  await settled(page);
  await settle(page);
  assert.equal(await card.getByTestId('cordoned').count(), 0, 'uncordoned');
  await page.context().close();
});

test('switching to Chinese translates the whole UI, explanations included', async () => {
  const page = await open();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await page.getByRole('button', { name: '应用', exact: true }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  assert.equal(await page.title(), 'kubeplay — Kubernetes 调度与滚动更新演练场', 'the page title too');
  // The frame titles too (the names in them stay): the settled default ends on a sync.
  assert.match(await page.getByTestId('frame-title').innerText(), /^同步 daemonset kube-system\/fluentd-elasticsearch$/);
  await page.getByRole('button', { name: '解释节点 control-plane' }).click();
  await settled(page);
  const panel = page.getByTestId('explain-panel');
  const text = await panel.innerText();
  assert.match(text, /为什么/);
  assert.match(text, /[\u4e00-\u9fff]{4,}/, 'the explanation is in Chinese');
  const body = await page.locator('body').innerText();
  for (const english of ['Apply', 'Cluster', 'Rollouts', 'Play', 'Add node']) {
    assert.ok(!body.split('\n').some((line) => line.trim() === english), `"${english}" is still in English`);
  }
  await screenshot(page, 'journey-chinese');
  await page.context().close();
});

test('a browser set to Chinese opens the playground in Chinese', async () => {
  const page = await openPage(browser, { locale: 'zh-CN' });
  await page.goto(server.origin + '/?autoplay=0');
  await page.getByRole('button', { name: '应用', exact: true }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await page.context().close();
});

test('on a phone-width screen the panes stack and nothing overflows sideways', async () => {
  const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  const editor = await page.getByRole('textbox', { name: 'YAML editor' }).boundingBox();
  const board = await page.locator('.cluster-pane').boundingBox();
  assert.ok(board.y > editor.y, 'the board comes below the editor');
  await screenshot(page, 'journey-phone-width');
  await page.context().close();
});

test('every control is reachable with the keyboard and shows its focus', async () => {
  const page = await open();
  const focusable = new Set();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { label: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30), outline: style.outlineStyle };
    });
    focusable.add(info.label);
    assert.notEqual(info.outline, 'none', `${info.label} shows no focus outline`);
  }
  for (const name of ['Back to the start', 'Play', 'Timeline', 'YAML editor', 'Apply']) {
    assert.ok([...focusable].some((l) => l.includes(name)), `${name} is not reachable by Tab: ${[...focusable]}`);
  }
  await page.context().close();
});

test('picking a lesson asks before replacing edited YAML, then loads and explains it', async () => {
  const page = await open();
  const editor = page.getByRole('textbox', { name: 'YAML editor' });
  await editor.fill((await editor.inputValue()) + '\n# my notes\n');

  // Dismissing the question keeps the work.
  page.once('dialog', (dialog) => dialog.dismiss());
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('rolling-update');
  assert.match(await editor.inputValue(), /# my notes/);
  assert.match(await page.getByTestId('lesson-info').innerText(), /^1\. /, 'the default lesson stays');

  // Accepting loads the lesson, its explanation and what to try next.
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('rolling-update');
  const info = page.getByTestId('lesson-info');
  await lessonShown(page, 'rolling-update');
  assert.match(await info.innerText(), /Rolling update, maxUnavailable: 1[\s\S]*Try next:/);
  assert.match(await editor.inputValue(), /kind: Scenario/);
  await screenshot(page, 'journey-lesson-loaded');
  await page.context().close();
});

test('a DaemonSet whose nodeSelector matches no node says so where pending pods would be', async () => {
  const page = await open();
  await applyAndSettle(page, `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: gpu-agent, namespace: default}
spec:
  selector: {matchLabels: {app: gpu}}
  template:
    metadata: {labels: {app: gpu}}
    spec:
      nodeSelector: {gpu: "true"}
      containers: [{name: agent, image: agent:1}]
---
apiVersion: v1
kind: Node
metadata: {name: worker-1, labels: {kubernetes.io/hostname: worker-1}}
status: {capacity: {cpu: "4", memory: 8Gi, pods: "110"}, conditions: [{type: Ready, status: "True"}]}
`);
  await page.getByRole('slider', { name: 'Timeline' }).fill(await page.getByRole('slider', { name: 'Timeline' }).getAttribute('max'));
  await settled(page);
  const note = page.getByTestId('idle-workload');
  await note.waitFor();
  assert.match(await note.innerText(), /^DaemonSet default\/gpu-agent runs on no node: on every node one of its controller's checks fails/);
  await screenshot(page, 'idle-daemon-set');
  await page.context().close();
});

test('a pasted real cluster dump loads as that cluster and explains its pending pods with the scheduler\'s exact message', async () => {
  const page = await open();
  const dump = readFileSync(join(ROOT, 'tests', 'fixtures', 'realworld', 'kubeadm-notready-node-cluster-info-dump.yaml'), 'utf8');
  await applyAndSettle(page, dump);
  assert.deepEqual(await page.locator('[data-testid=node-name]').allInnerTexts(), ['k8s-controller-01']);
  const pending = page.getByTestId('pending-pod');
  assert.equal(await pending.count(), 2);
  const message = '0/1 nodes are available: 1 node(s) had untolerated taint(s). no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';
  for (const text of await pending.allInnerTexts()) {
    assert.ok(text.includes('coredns-5dd5756b68-') && text.includes(message), text);
  }
  await pending.first().getByRole('button').click();
  await page.getByRole('tab', { name: 'Node × plugin' }).click();
  await settled(page);
  assert.match(await page.getByTestId('matrix').innerText(), /k8s-controller-01[\s\S]*untolerated taint/);
  await screenshot(page, 'pasted-real-dump');
  await page.context().close();
});
