// Every lesson in the picker loads and reaches the outcome its text promises (issue 7),
// read from what the page shows: the board, the DaemonSet status, the kubectl panel and the
// explain panel, at the end of the timeline and, where the lesson is about a transition, at
// the frames in between.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openPage, screenshot, settled, ROOT, SUB_PATH, lessonShown } from './harness.mjs';
import { seek, end, walk, kubectl, whyOf, openMatrix, filterCell, scoreCell, rowOf, byName, podsOf, available } from './page.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Opens the playground and loads lesson `id` from the picker. */
async function load(id) {
  const page = await openPage(browser);
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption(id);
  await lessonShown(page, id);
  await settled(page);
  return page;
}

/** The kubectl `get pods` output of the first frame where it lists `name`. */
async function firstPodsListing(page, name) {
  for (let i = 0; i < 30; i++) {
    await seek(page, i);
    const pods = await kubectl(page, 'kubectl get pods -A -o wide');
    if (pods.includes(name)) return pods;
  }
  return '';
}

const running = (node) => node.pods.length === 1 && node.pods[0].status === 'Running' && node.pods[0].ready;
const withPods = (shot) => Object.keys(shot.nodes).filter((n) => shot.nodes[n].pods.length > 0);

test('lesson 1: one pod per worker; the control-plane node is skipped because of its taint', async () => {
  const page = await load('default');
  const shot = await end(page);
  assert.deepEqual(withPods(shot), ['worker-1', 'worker-2', 'worker-3']);
  assert.ok(['worker-1', 'worker-2', 'worker-3'].every((n) => running(shot.nodes[n])));
  await page.getByRole('button', { name: 'Explain node control-plane' }).click();
  await settled(page);
  assert.match(await page.getByTestId('explain-panel').innerText(), /node-role\.kubernetes\.io\/control-plane/);
  await page.context().close();
});

test('lesson 2: with the tolerations the daemon also runs on the control-plane node', async () => {
  const page = await load('control-plane-tolerations');
  const shot = await end(page);
  assert.deepEqual(withPods(shot), ['control-plane', 'worker-1', 'worker-2', 'worker-3']);
  assert.ok(Object.values(shot.nodes).every(running));
  assert.match(shot.dsStatus, /desired 4 · updated 4 · available 4 · unavailable 0/);
  await page.context().close();
});

test('lesson 3: the nodeSelector runs the daemon only on the zone-b workers', async () => {
  const page = await load('node-selector');
  const shot = await end(page);
  assert.deepEqual(withPods(shot), ['worker-2', 'worker-3']);
  assert.match(shot.dsStatus, /desired 2 · updated 2 · available 2/);
  assert.match(await kubectl(page, 'kubectl get ds -A'), /topology\.kubernetes\.io\/zone=zone-b/);
  await page.context().close();
});

test('lesson 4: required node affinity (zone NotIn zone-a, arch In amd64/arm64) picks worker-2 and worker-3', async () => {
  const page = await load('node-affinity');
  const shot = await end(page);
  assert.deepEqual(withPods(shot), ['worker-2', 'worker-3']);
  assert.ok(running(shot.nodes['worker-2']) && running(shot.nodes['worker-3']));
  await page.getByRole('button', { name: 'Explain node worker-1' }).click();
  await settled(page);
  assert.match(await page.getByTestId('explain-panel').innerText(), /affinity/i);
  await page.context().close();
});

test('lesson 5: the system-node-critical daemon pod preempts a low-priority batch pod on the full worker-3', async () => {
  const page = await load('preemption');
  const start = await firstPodsListing(page, 'batch-job-1');
  assert.match(start, /batch-job-1/);
  assert.match(start, /batch-job-2/);
  const shot = await end(page);
  assert.deepEqual(withPods(shot), ['worker-1', 'worker-2', 'worker-3']);
  const pods = await kubectl(page, 'kubectl get pods -A -o wide');
  assert.match(pods, /fluentd-elasticsearch-\S+ +1\/1 +Running .* worker-3/, 'the daemon runs on worker-3');
  assert.match(pods, /batch-job-1 .* Running .* worker-3/);
  assert.doesNotMatch(pods, /batch-job-2/, 'one batch pod was preempted');
  await page.context().close();
});

test('lesson 6: the rolling update replaces one node at a time and finishes on revision 2', async () => {
  const page = await load('rolling-update');
  const frames = await walk(page);
  const settled = frames.findIndex((f) => Object.keys(f.nodes).length === 4 && Object.values(f.nodes).every(running));
  assert.ok(settled >= 0);
  for (const f of frames.slice(settled)) {
    const down = Object.keys(f.nodes).filter((n) => !f.nodes[n].pods.some((p) => p.ready));
    assert.ok(down.length <= 1, `frame ${f.i}: ${down} without an available pod`);
  }
  const last = frames[frames.length - 1];
  assert.ok(Object.values(last.nodes).every((n) => running(n) && n.pods[0].revision === '2'));
  assert.match(await kubectl(page, 'kubectl rollout status ds'), /successfully rolled out/);
  await page.context().close();
});

test('lesson 7: with maxSurge 1 the new pod starts beside the old one, so no node is ever without a daemon', async () => {
  const page = await load('max-surge');
  const frames = await walk(page);
  const settled = frames.findIndex((f) => Object.keys(f.nodes).length === 4 && Object.values(f.nodes).every(running));
  assert.ok(settled >= 0);
  let surged = false;
  for (const f of frames.slice(settled)) {
    for (const [name, node] of Object.entries(f.nodes)) {
      assert.ok(node.pods.some((p) => p.ready), `frame ${f.i}: ${name} has no available pod`);
      if (node.pods.length === 2) surged = true;
    }
  }
  assert.ok(surged, 'some frame shows an old and a new pod on the same node');
  const last = frames[frames.length - 1];
  assert.ok(Object.values(last.nodes).every((n) => running(n) && n.pods[0].revision === '2'));
  await page.context().close();
});

test('lesson 8: the bad image stalls in ImagePullBackOff after one node; the rollback restores every node', async () => {
  const page = await load('bad-image-rollback');
  const frames = await walk(page);
  const stalled = frames.find((f) => Object.values(f.nodes).some((n) => n.pods.some((p) => p.status === 'ImagePullBackOff')));
  assert.ok(stalled, 'a pod shows ImagePullBackOff');
  const broken = Object.values(stalled.nodes).flatMap((n) => n.pods).filter((p) => !p.ready);
  assert.equal(broken.length, 1, 'the rollout stops after one node');
  assert.ok(frames.some((f) => Object.values(f.nodes).some((n) => n.pods.some((p) => p.status === 'ErrImagePull'))), 'ErrImagePull comes first');
  const last = frames[frames.length - 1];
  assert.ok(Object.values(last.nodes).every(running), 'after the rollback every node runs a ready pod');
  assert.match(last.dsStatus, /desired 4 · updated 4 · available 4 · unavailable 0/);
  const pods = await kubectl(page, 'kubectl get pods -A -o wide');
  assert.equal((pods.match(/ Running /g) || []).length, 4);
  await screenshot(page, 'lesson-bad-image-rolled-back');
  await page.context().close();
});

test('lesson 9: the NoExecute taint on worker-2 evicts the daemon pod and web-1, and the daemon is not recreated', async () => {
  const page = await load('noexecute-eviction');
  assert.match(await firstPodsListing(page, 'web-1'), /web-1 .* worker-2/);
  const shot = await end(page);
  assert.deepEqual(withPods(shot), ['worker-1', 'worker-3']);
  assert.match(shot.dsStatus, /desired 2 /);
  assert.doesNotMatch(await kubectl(page, 'kubectl get pods -A -o wide'), /web-1/);
  await page.context().close();
});

test('the rolling update plays at 1× in under 30 s of real time, and something on screen changes at least every 2 s', async () => {
  const page = await load('rolling-update');
  await page.getByRole('button', { name: 'Back to the start' }).click();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('100');
  const onScreen = () => page.evaluate(() => [
    ...document.querySelectorAll('[data-testid=node-card] [data-testid=pod]'),
  ].map((p) => `${p.querySelector('.pod-name').textContent}:${p.dataset.status}:${p.dataset.ready}`).join(' ')
    + (document.querySelector('[data-testid=ds-status]')?.textContent ?? '')
    + document.querySelector('[data-testid=frame-title]').textContent);
  const started = Date.now();
  await page.getByRole('button', { name: 'Play' }).click();
  let last = await onScreen();
  let changedAt = Date.now();
  let longestStill = 0;
  let fastForwarded = false;
  while (Date.now() - started < 40_000) {
    await page.waitForTimeout(100);
    const now = await onScreen();
    if (now !== last) {
      longestStill = Math.max(longestStill, Date.now() - changedAt);
      last = now;
      changedAt = Date.now();
    }
    fastForwarded ||= await page.getByTestId('fast-forward').isVisible();
    if (await page.getByRole('button', { name: 'Play' }).isVisible()) break;
  }
  const took = Date.now() - started;
  assert.ok(took < 30_000, `the rollout of 2m25s played in ${took} ms`);
  assert.ok(longestStill <= 2_000, `the screen stood still for ${longestStill} ms`);
  assert.ok(fastForwarded, 'the grace periods are fast-forwarded, and the controls say so');
  assert.match(await page.getByTestId('clock').innerText(), /t=2m25s/, 'the clock keeps the simulated time');
  await page.context().close();
});

test('Why? says what is happening to a pod: ImagePullBackOff, Terminating in a rollout, evicted by a NoExecute taint, Pending', async () => {
  let page = await load('bad-image-rollback');
  let frames = await walk(page);
  await seek(page, frames.findIndex((f) => Object.values(f.nodes).some((n) => n.pods.some((p) => p.status === 'ImagePullBackOff'))));
  let why = await whyOf(page, '[data-status=ImagePullBackOff]');
  assert.match(why, /Not started: the kubelet on \S+ cannot pull the image quay\.io\/fluentd_elasticsearch\/fluentd:v9\.9\.9-typo\. Failed to pull image .* \(next try at \S+, \S+ from now\)\. kubectl shows ImagePullBackOff\./);
  await screenshot(page, 'why-image-pull-back-off');
  await page.context().close();

  page = await load('rolling-update');
  frames = await walk(page);
  await seek(page, frames.findIndex((f) => Object.values(f.nodes).some((n) => n.pods.some((p) => p.status === 'Terminating'))));
  why = await whyOf(page, '[data-status=Terminating]');
  assert.match(why, /Terminating: the kubelet on \S+ is stopping its containers; the pod is removed when its grace period of 30s ends \(30s left\)\./);
  assert.match(why, /DaemonSet fluentd-elasticsearch is rolling out a new revision: it deletes old pods first, at most maxUnavailable \(1\) unavailable at a time/);
  assert.match(why, /Deleted pod: fluentd-elasticsearch-\w+/);
  await screenshot(page, 'why-terminating-in-a-rollout');
  await page.context().close();

  page = await load('noexecute-eviction');
  frames = await walk(page);
  await seek(page, frames.findIndex((f) => Object.values(f.nodes).some((n) => n.pods.some((p) => p.name === 'web-1' && p.status === 'Terminating'))));
  why = await whyOf(page, '[data-status=Terminating]:has(.pod-name:text-is("web-1"))');
  assert.match(why, /Node worker-2 has the taint maintenance=true:NoExecute, which this pod does not tolerate, so the taint eviction controller deleted it \(NoExecute\)\./);
  assert.match(why, /Marking for deletion Pod default\/web-1/);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await settled(page);
  assert.match(await page.getByTestId('explain-panel').innerText(), /节点 worker-2 有污点 maintenance=true:NoExecute，这个 Pod 不容忍它，所以污点驱逐控制器删除了它/);
  await screenshot(page, 'why-evicted-by-a-no-execute-taint-zh');
  await page.context().close();

  page = await load('anti-affinity-rolling-update');
  frames = await walk(page);
  await seek(page, frames.findIndex((f) => f.pendingInline.length === 1 && /anti-affinity/.test(f.pendingInline[0])));
  await page.getByTestId('pending-pod').first().getByRole('button').click();
  await settled(page);
  why = await page.getByTestId('explain-panel').innerText();
  assert.match(why, /0\/3 nodes are available: 3 node\(s\) didn't match pod anti-affinity rules\./);
  assert.doesNotMatch(why, /`/, 'code is rendered as code, without its backticks');
  assert.equal(await page.locator('[data-testid=explain-panel] .check-text code', { hasText: 'spec.nodeName' }).count(), 3);
  await screenshot(page, 'why-pending-anti-affinity');
  await page.context().close();
});

test('lesson 10: a cordoned node keeps its pod; a NotReady node keeps its pod but leaves the desired count', async () => {
  const page = await load('cordon-notready');
  const frames = await walk(page);
  const notReady = frames.find((f) => f.nodes['worker-3']?.notReady);
  assert.ok(notReady, 'worker-3 becomes NotReady');
  assert.equal(notReady.nodes['worker-3'].pods.length, 1, 'the NotReady node keeps its pod');
  assert.ok(frames.some((f) => f.nodes['worker-3']?.notReady && /desired 2 /.test(f.dsStatus)), 'and leaves the desired count');
  const last = frames[frames.length - 1];
  assert.ok(last.nodes['worker-1'].cordoned && running(last.nodes['worker-1']), 'the cordoned node keeps its pod');
  assert.match(last.dsStatus, /desired 3 /);
  assert.match(await kubectl(page, 'kubectl get nodes'), /worker-1\s+Ready,SchedulingDisabled/);
  await page.context().close();
});

test('lesson 11: 10 replicas at 25%/25% roll 3 up and 2 down, never over 13 pods nor under 8 available', async () => {
  const page = await load('deployment-surge');
  const frames = await walk(page);
  const steady = frames.findIndex((f) => available(f, 'default/web') === 10);
  assert.ok(steady >= 0, 'the Deployment becomes available');
  for (const f of frames.slice(steady)) {
    const pods = podsOf(f, 'default/web');
    assert.ok(pods.length <= 13, `frame ${f.i}: ${pods.length} pods, over 10 + maxSurge 3`);
    assert.ok(available(f, 'default/web') >= 8, `frame ${f.i}: ${f.deploy['default/web']}, under 10 - maxUnavailable 2`);
  }
  const mixed = frames.find((f) => { const pods = podsOf(f, 'default/web'); return pods.some((p) => p.old) && pods.some((p) => !p.old); });
  assert.ok(mixed, 'old (hatched) and new pods side by side');
  await seek(page, mixed.i);
  await screenshot(page, 'lesson-deployment-surge-mid-rollout');
  const last = frames[frames.length - 1];
  assert.match(last.deploy['default/web'], /desired 10 · updated 10 · available 10 · unavailable 0/);
  assert.ok(podsOf(last, 'default/web').every((p) => p.revision === '2' && !p.old));
  const events = await kubectl(page, 'kubectl describe deployment');
  assert.match(events, /Scaled up replica set web-\w+ from 0 to 3\n.*Scaled down replica set web-\w+ from 10 to 8/);
  await page.context().close();
});

test('lesson 12: Recreate drops to 0 available before its new pods start; RollingUpdate never drops under 3', async () => {
  const page = await load('recreate-vs-rolling');
  const frames = await walk(page);
  const colours = new Set(Object.values(frames[frames.length - 1].nodes).flatMap((n) => n.pods).map((p) => p.owner));
  assert.deepEqual([...colours].sort(), ['default/recreate', 'default/rolling']);
  const steady = frames.findIndex((f) => available(f, 'default/recreate') === 4 && available(f, 'default/rolling') === 4);
  assert.ok(steady >= 0, 'both become available');
  const outage = frames.slice(steady).find((f) => available(f, 'default/recreate') === 0);
  assert.ok(outage, 'Recreate has nothing available between the old pods and the new');
  assert.equal(podsOf(outage, 'default/recreate').filter((p) => !p.old).length, 0, 'no new pod while the old ones go');
  for (const f of frames.slice(steady)) {
    assert.ok(available(f, 'default/rolling') >= 3, `frame ${f.i}: ${f.deploy['default/rolling']}`);
  }
  await seek(page, outage.i);
  await screenshot(page, 'lesson-recreate-outage');
  const last = frames[frames.length - 1];
  for (const key of ['default/recreate', 'default/rolling']) {
    assert.match(last.deploy[key], /desired 4 · updated 4 · available 4 · unavailable 0/, key);
  }
  await page.context().close();
});

test('lesson 13: a bad image stalls until the progress deadline, then the rollback restores 4 pods', async () => {
  const page = await load('progress-deadline');
  const frames = await walk(page);
  const stalled = frames.findIndex((f) => podsOf(f, 'default/web').some((p) => p.status === 'ImagePullBackOff'));
  assert.ok(stalled > 0, 'the new pods show ImagePullBackOff');
  assert.ok(available(frames[stalled], 'default/web') >= 3, 'maxUnavailable 1 keeps 3 old pods serving');
  let exceeded = '';
  for (let i = stalled; i < frames.length && !exceeded; i++) {
    await seek(page, i);
    const status = await kubectl(page, 'kubectl rollout status deployment');
    if (/exceeded its progress deadline/.test(status)) exceeded = status;
  }
  assert.match(exceeded, /error: deployment "web" exceeded its progress deadline/);
  assert.match(await kubectl(page, 'kubectl describe deployment'), /Progressing\s+False\s+ProgressDeadlineExceeded/);
  await screenshot(page, 'lesson-progress-deadline-exceeded');
  const last = frames[frames.length - 1];
  assert.match(last.deploy['default/web'], /desired 4 · updated 4 · available 4 · unavailable 0/);
  const pods = podsOf(last, 'default/web');
  assert.equal(pods.length, 4);
  assert.ok(pods.every((p) => p.status === 'Running' && !p.old && p.revision === '3'), 'revision 1 came back as revision 3');
  await page.context().close();
});

test('lesson 14: a scale from 4 to 8 mid-rollout is shared out in proportion, 3 to 6 and 2 to 4', async () => {
  const page = await load('scale-during-rollout');
  const frames = await walk(page);
  const scaled = frames.find((f) => /desired 8/.test(f.deploy['default/web'] || ''));
  assert.ok(scaled, 'the Deployment is scaled to 8');
  const events = await kubectl(page, 'kubectl describe deployment');
  assert.match(events, /Scaled up replica set web-\w+ from 3 to 6/);
  assert.match(events, /Scaled up replica set web-\w+ from 2 to 4/);
  const shared = frames.find((f) => {
    const pods = podsOf(f, 'default/web');
    return pods.filter((p) => p.old).length === 6 && pods.filter((p) => !p.old).length === 4;
  });
  assert.ok(shared, 'the board shows 6 old and 4 new pods');
  await seek(page, shared.i);
  await screenshot(page, 'lesson-scale-during-rollout');
  const last = frames[frames.length - 1];
  assert.match(last.deploy['default/web'], /desired 8 · updated 8 · available 8 · unavailable 0/);
  assert.equal(podsOf(last, 'default/web').length, 8);
  await page.context().close();
});

test('lesson 15: required anti-affinity allows one pod per node, so the surge pod stays Pending until maxUnavailable replaces maxSurge', async () => {
  const page = await load('anti-affinity-rolling-update');
  const frames = await walk(page);
  for (const f of frames) {
    for (const [name, node] of Object.entries(f.nodes)) {
      const web = node.pods.filter((p) => p.owner === 'default/web');
      assert.ok(web.length <= 1, `frame ${f.i}: ${web.length} web pods on ${name}, terminating ones included`);
    }
  }
  const stuck = frames.find((f) => f.pendingInline.length === 1 && /anti-affinity/.test(f.pendingInline[0])
    && podsOf(f, 'default/web').filter((p) => p.old).length === 3);
  assert.ok(stuck, 'the surge pod waits beside the 3 old pods');
  assert.match(stuck.pendingInline[0], /0\/3 nodes are available: 3 node\(s\) didn't match pod anti-affinity rules\. .*preemption: 0\/3 nodes are available: 3 No preemption victims found for incoming pod\./);
  await seek(page, stuck.i);
  await page.getByTestId('pending-pod').getByRole('button').click();
  const m = await openMatrix(page);
  assert.equal(m.rows.length, 3);
  for (const row of m.rows) {
    assert.match(filterCell(m, row, 'InterPodAffinity').text, /node\(s\) didn't match pod anti-affinity rules/);
    assert.equal(row.cells[1].text, '—', 'no node to score');
  }
  await screenshot(page, 'lesson-anti-affinity-surge-pending-matrix');
  const last = frames[frames.length - 1];
  assert.match(last.deploy['default/web'], /desired 3 · updated 3 · available 3 · unavailable 0/);
  const pods = podsOf(last, 'default/web');
  assert.equal(pods.length, 3);
  assert.ok(pods.every((p) => p.revision === '2' && !p.old));
  assert.deepEqual(last.pendingInline, []);
  await page.context().close();
});

test('lesson 16: the tainted zone still counts under nodeTaintsPolicy Ignore, Honor places 2 + 2, and a scale-down leaves a skew of 2', async () => {
  const page = await load('topology-spread-zones');
  const frames = await walk(page);
  const zone = { 'worker-1': 'a', 'worker-2': 'a', 'worker-3': 'b', 'gpu-1': 'c' };
  /** The zones of a Deployment's pods (terminating ones left out), sorted: `aab`. */
  const zonesOf = (f, owner) => Object.entries(f.nodes)
    .flatMap(([name, node]) => node.pods.filter((p) => p.owner === owner && p.status !== 'Terminating').map(() => zone[name]))
    .sort().join('');
  assert.ok(frames.some((f) => zonesOf(f, 'default/honor') === 'aabb'), 'honor places 2 + 2 over zone-a and zone-b');
  const last = frames[frames.length - 1];
  assert.equal(zonesOf(last, 'default/honor'), 'aa', 'after the scale-down both pods left are in zone-a');
  assert.equal(zonesOf(last, 'default/ignore'), 'ab');
  assert.equal(last.pendingInline.length, 2);
  for (const p of last.pendingInline) {
    assert.match(p, /^default\/ignore-.*0\/4 nodes are available: 1 node\(s\) had untolerated taint\(s\), 3 node\(s\) didn't match pod topology spread constraints\./);
  }
  await page.getByTestId('pending-pod').first().getByRole('button').click();
  const m = await openMatrix(page);
  assert.match(filterCell(m, rowOf(m, 'gpu-1'), 'TaintToleration').text, /node\(s\) had untolerated taint\(s\)/);
  for (const node of ['worker-1', 'worker-2', 'worker-3']) {
    assert.match(filterCell(m, rowOf(m, node), 'PodTopologySpread').text, /node\(s\) didn't match pod topology spread constraints/, node);
  }
  await screenshot(page, 'lesson-topology-spread-matrix');
  await page.context().close();
});

test('lesson 17: the bin-packer profile (MostAllocated) piles its pods onto one node while the default profile spreads', async () => {
  const page = await load('bin-packing-profile');
  const last = await end(page);
  const nodesOf = (owner) => Object.keys(last.nodes).filter((n) => last.nodes[n].pods.some((p) => p.owner === owner)).sort();
  assert.deepEqual(nodesOf('default/packed'), ['worker-1']);
  assert.deepEqual(nodesOf('default/spread'), ['worker-1', 'worker-2', 'worker-3']);
  assert.equal(podsOf(last, 'default/packed').length, 3);
  await page.locator('[data-node=worker-1] [data-testid=pod][data-owner="default/packed"] button').first().click();
  const m = await openMatrix(page);
  assert.match(m.caption, /^Profile bin-packer /);
  assert.ok(m.rows[0].marked, 'the chosen node comes first');
  assert.equal(m.rows[0].cells[0].text, 'worker-1 ★');
  const fit = (row) => Number(scoreCell(m, row, 'NodeResourcesFit').text);
  assert.ok(m.rows.slice(1).every((row) => fit(row) < fit(m.rows[0])), 'MostAllocated scores the fullest node highest');
  await screenshot(page, 'lesson-bin-packing-matrix');
  await page.context().close();
});

/** worker-1 in a frame (a frame walked before the board caught up may lack it). */
const worker1 = (frame) => frame.nodes['worker-1'] ?? { pods: [], cordoned: false };

/** The Why? text of the first pod on `node`'s card marked "eviction refused". */
async function whyRefused(page, node) {
  await page.locator(`[data-testid=node-card][data-node=${node}] [data-testid=pod]:has([data-testid=eviction-refused]) .pod-link`).first().click();
  await page.getByTestId('deletion').waitFor();
  return page.getByTestId('deletion').innerText();
}

test('lesson 18: minAvailable 3 of 3 refuses every eviction until the timeout; maxUnavailable 1 lets the drain finish', async () => {
  const page = await load('drain-blocked-by-budget');
  const frames = await walk(page);
  const blocked = frames.findIndex((f) => worker1(f).pods.some((p) => p.refused));
  assert.ok(blocked > 0, 'the pod on worker-1 is marked when the budget refuses it');
  await seek(page, blocked);
  assert.match(await page.locator('[data-testid=budget]').innerText(), /web-pdb \(minAvailable: 3\): 0 disruptions allowed · 3 healthy, 3 needed/);
  assert.match(await whyRefused(page, 'worker-1'), /^The budget web-pdb needs 3 healthy pods and has 3, so it allows 0 disruptions: evicting this pod would break it\.[\s\S]*Cannot evict pod as it would violate the pod's disruption budget\./);
  const early = await kubectl(page, 'kubectl drain');
  assert.match(early, /\(will retry after 5s\): Cannot evict pod/);
  assert.doesNotMatch(early, /global timeout reached/, 'only the lines printed by this frame');
  await screenshot(page, 'lesson-drain-blocked-by-budget');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await settled(page);
  assert.match(await page.getByTestId('deletion').innerText(), /^预算 web-pdb 需要 3 个健康的 Pod，现在有 3 个，所以允许 0 次中断/);
  assert.match(await page.locator('[data-testid=budget]').innerText(), /允许 0 次中断/);
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  const last = frames[frames.length - 1];
  assert.ok(frames.slice(blocked).some((f) => !worker1(f).pods.some((p) => p.refused) && f.i > blocked), 'the mark goes once the eviction is allowed');
  assert.equal(podsOf(last, 'default/web').filter((p) => p.status === 'Running').length, 3);
  assert.equal(worker1(last).pods.length, 0, 'worker-1 is drained');
  await seek(page, frames.length - 1);
  const output = await kubectl(page, 'kubectl drain');
  assert.match(output, /^\$ kubectl drain worker-1 --timeout=1m0s\nnode\/worker-1 cordoned\n/);
  assert.match(output, /error: error when evicting pods\/"web-\w+-\w+" -n "default": global timeout reached: 1m0s\n/);
  assert.match(output, /\$ kubectl drain worker-1\nnode\/worker-1 already cordoned\nevicting pod default\/web-\w+-\w+\npod\/web-\w+-\w+ evicted\nnode\/worker-1 drained/);
  assert.match(await kubectl(page, 'kubectl get pdb -A'), /default\s+web-pdb\s+N\/A\s+1\s+\d\s/);
  await page.context().close();
});

test('lesson 19: maxUnavailable 1 drains one pod at a time while the Deployment replaces them elsewhere', async () => {
  const page = await load('drain-one-at-a-time');
  const frames = await walk(page);
  const waiting = frames.findIndex((f) => worker1(f).pods.some((p) => p.refused));
  assert.ok(waiting > 0, 'the second eviction is refused while the first pod is replaced');
  assert.equal(worker1(frames[waiting]).pods.filter((p) => p.refused).length, 1, 'one pod waits');
  for (const f of frames.filter((f) => f.i >= waiting)) {
    assert.ok(available(f, 'default/web') >= 5, `the budget holds 5 of 6 available at frame ${f.i}`);
  }
  await seek(page, waiting);
  const midway = await kubectl(page, 'kubectl drain');
  assert.match(midway, /\(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
  assert.doesNotMatch(midway, /drained/);
  assert.match(await whyRefused(page, 'worker-1'), /^The budget web-pdb needs 5 healthy pods and has 6, counting 1 already being evicted, so it allows 0 more disruptions/);
  await screenshot(page, 'lesson-drain-one-at-a-time');
  const last = frames[frames.length - 1];
  assert.equal(worker1(last).pods.length, 0);
  const web = podsOf(last, 'default/web');
  assert.equal(web.length, 6);
  assert.ok(web.every((p) => p.status === 'Running' && p.ready));
  assert.match(last.deploy['default/web'], /desired 6 · updated 6 · available 6 · unavailable 0/);
  await seek(page, frames.length - 1);
  assert.match(await kubectl(page, 'kubectl drain'), /node\/worker-1 drained\n?$/);
  await page.context().close();
});

test('lesson 20: drain refuses a node with a daemon pod until --ignore-daemonsets, which leaves the daemon pod running', async () => {
  const page = await load('drain-daemonset-pods');
  const frames = await walk(page);
  const drained = frames.find((f) => worker1(f).cordoned && worker1(f).pods.length === 1);
  assert.ok(drained, 'worker-1 cordoned with only its daemon pod');
  assert.equal(worker1(drained).pods[0].owner, 'kube-system/node-agent');
  await seek(page, drained.i);
  await screenshot(page, 'lesson-drain-daemonset-pods');
  const last = frames[frames.length - 1];
  assert.ok(!worker1(last).cordoned, 'uncordoned at the end');
  assert.deepEqual(worker1(last).pods.map((p) => [p.owner, p.status]), [['kube-system/node-agent', 'Running']]);
  await seek(page, frames.length - 1);
  const output = await kubectl(page, 'kubectl drain');
  assert.match(output, /^\$ kubectl drain worker-1\nnode\/worker-1 cordoned\nerror: unable to drain node "worker-1" due to error: cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/node-agent-\w+, continuing command\.\.\./);
  assert.match(output, /\$ kubectl drain worker-1 --ignore-daemonsets --timeout=1m0s\nnode\/worker-1 already cordoned\nWarning: ignoring DaemonSet-managed Pods: kube-system\/node-agent-\w+\nevicting pod default\/web-\w+-\w+\npod\/web-\w+-\w+ evicted\nnode\/worker-1 drained/);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  assert.match(await page.getByTestId('lesson-info').innerText(), /20\. DaemonSet Pod 与 --ignore-daemonsets[\s\S]*--ignore-daemonsets/);
  await page.context().close();
});

/** The first frame that shows pod `name`. */
const firstSeen = (frames, name) => frames.findIndex((f) => byName(f)[name]);
/** Opens Why? for the pod `name` on the board and returns the controller's notes. */
async function why(page, name) {
  await page.locator('[data-testid=pod]', { has: page.locator('.pod-name', { hasText: new RegExp(`^${name}$`) }) }).getByRole('button').click();
  await settled(page);
  return page.getByTestId('explain-panel').getByTestId('controller-note').allInnerTexts();
}

test('lesson 21: OrderedReady creates one pod at a time, each once the one before is ready; Parallel creates them together', async () => {
  const page = await load('stateful-set-ordered-start');
  const frames = await walk(page);
  const ordered = [0, 1, 2, 3, 4].map((k) => firstSeen(frames, `ordered-${k}`));
  assert.ok(ordered.every((at, k) => at >= 0 && (k === 0 || at > ordered[k - 1])), `one after another: ${ordered}`);
  for (let k = 1; k < 5; k++) {
    assert.ok(byName(frames[ordered[k]])[`ordered-${k - 1}`].ready, `ordered-${k} waits for ordered-${k - 1} to be ready`);
  }
  // Parallel: every pod is placed before any of them is ready, first 0..2, then 3 and 4.
  const firstReady = (names) => frames.findIndex((f) => names.some((n) => byName(f)[n]?.ready));
  const placed = (names, at) => names.every((n) => byName(frames[at])[n]);
  const first = ['parallel-0', 'parallel-1', 'parallel-2'];
  assert.ok(placed(first, firstReady(first) - 1), 'parallel-0..2 are all there before one is ready');
  const scaled = ['parallel-3', 'parallel-4'];
  assert.ok(placed(scaled, firstReady(scaled) - 1), 'parallel-3 and parallel-4 too');
  const waitingAt = frames.findIndex((f) => f.waiting.some((w) => /default\/ordered-1[\s\S]*waiting for Pod ordered-0 to be Running and Ready/.test(w)));
  assert.ok(waitingAt >= 0, 'ordered-1 is listed as waiting for ordered-0');
  await seek(page, waitingAt);
  await screenshot(page, 'lesson-stateful-set-ordered-start');
  const last = frames[frames.length - 1];
  for (const key of ['default/ordered', 'default/parallel']) {
    assert.match(last.sts[key], /replicas 5 · ready 5 · current 5 · updated 5 · available 5/, key);
  }
  await end(page);
  const sts = await kubectl(page, 'kubectl get sts -A');
  assert.match(sts, /default\s+ordered\s+5\/5/);
  assert.match(sts, /default\s+parallel\s+5\/5/);
  await page.context().close();
});

test('lesson 22: the partition keeps web-0..2 on the old revision while web-3 is the canary, then the rollout goes on from the highest ordinal', async () => {
  const page = await load('stateful-set-canary');
  const frames = await walk(page);
  const canary = frames.findIndex((f) => {
    const pods = byName(f);
    return /replicas 4 · ready 4 · current 3 · updated 1 · available 4/.test(f.sts['default/web'] || '')
      && pods['web-3']?.revision === '2' && pods['web-3'].ready && !pods['web-3'].old
      && ['web-0', 'web-1', 'web-2'].every((n) => pods[n]?.revision === '1' && pods[n].old && pods[n].ready);
  });
  assert.ok(canary > 0, 'a frame with the canary web-3 updated and the rest on the old revision');
  const updated = ['web-3', 'web-2', 'web-1', 'web-0'].map((n) => frames.findIndex((f) => byName(f)[n]?.revision === '2'));
  assert.ok(updated.every((at, k) => k === 0 || at > updated[k - 1]), `reverse ordinal order: ${updated}`);
  await seek(page, canary);
  assert.match(await kubectl(page, 'kubectl rollout status sts'), /partitioned roll out complete: 1 new pods have been updated\.\.\./);
  const [kept] = await why(page, 'web-0');
  assert.match(kept, /^web-0 is kept on the old revision web-\w+ by the partition: the partition is 3/);
  await screenshot(page, 'lesson-stateful-set-canary');
  const last = frames[frames.length - 1];
  assert.match(last.sts['default/web'], /replicas 4 · ready 4 · current 4 · updated 4 · available 4/);
  assert.ok(Object.values(byName(last)).every((p) => p.revision === '2' && !p.old && p.ready));
  await page.context().close();
});

test('lesson 23: a broken pod stops the StatefulSet, the rollback alone does not replace it, deleting it does', async () => {
  const page = await load('stateful-set-stuck');
  const frames = await walk(page);
  const broken = frames.findIndex((f) => byName(f)['web-2']?.status === 'ImagePullBackOff');
  assert.ok(broken > 0, 'web-2 cannot pull its image');
  assert.ok(frames.slice(broken).every((f) => byName(f)['web-1']?.ready), 'web-1 is never replaced');
  // After the rollback (revision 1 comes back as revision 3) web-2 is still the broken one.
  const stuck = frames.findIndex((f) => /updateRevision web-\w+ \(3\)/.test(f.sts['default/web'] || '') && byName(f)['web-2']?.status === 'ImagePullBackOff');
  assert.ok(stuck > broken, 'rolled back, still stuck');
  await seek(page, stuck);
  assert.match(await kubectl(page, 'kubectl rollout status sts'), /Waiting for 1 pods to be ready\.\.\./);
  const notes = await why(page, 'web-2');
  assert.match(notes[0], /^StatefulSet web waits for this pod/);
  assert.match(notes[1], /Rolling the template back is not enough: the controller waits for this pod before it would replace it\. Delete the pod/);
  await screenshot(page, 'lesson-stateful-set-stuck');
  const last = frames[frames.length - 1];
  assert.match(last.sts['default/web'], /replicas 3 · ready 3 · current 3 · updated 3 · available 3/);
  const pods = Object.values(byName(last));
  assert.equal(pods.length, 3);
  assert.ok(pods.every((p) => p.status === 'Running' && p.ready && !p.old && p.revision === '3'), JSON.stringify(pods));
  await page.context().close();
});

test('a lesson is fetched when chosen, saying so meanwhile; one that cannot be fetched says why and keeps the work', async () => {
  const page = await openPage(browser);
  await page.goto(server.origin + SUB_PATH);
  await page.locator('[data-testid=node-card]').first().waitFor();
  const editor = page.getByRole('textbox', { name: /YAML editor|YAML 编辑器/ });
  const before = await editor.inputValue();
  assert.ok(!page.requests.some((u) => u.includes('/scenarios/')), 'the first load fetches no lesson');

  // Hold the scenario's response to see the status while it is fetched.
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route('**/scenarios/lessons/03-node-selector.yaml', async (route) => { await held; await route.continue(); });
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('node-selector');
  assert.equal(await page.getByTestId('fetch-status').innerText(), 'Loading lesson…');
  assert.equal(await editor.inputValue(), before, 'the work stays until the lesson arrives');
  release();
  const info = page.getByTestId('lesson-info');
  await lessonShown(page, 'node-selector');
  assert.match(await info.innerText(), /3\. nodeSelector[\s\S]*runs the daemon only on worker-2 and worker-3[\s\S]*Try next: Edit worker-1/);
  const lessonFile = readFileSync(join(ROOT, 'scenarios', 'lessons', '03-node-selector.yaml'), 'utf8');
  assert.equal(await editor.inputValue(), lessonFile);
  assert.equal(await page.getByTestId('fetch-status').count(), 0);
  for (const file of ['03-node-selector.yaml', '03-node-selector.txt']) {
    assert.ok(page.requests.includes(`${server.origin}${SUB_PATH}scenarios/lessons/${file}`), `${file} is fetched relative to the page`);
  }
  await page.locator('[data-testid=node-card]').first().waitFor();
  await screenshot(page, 'lesson-fetched-from-picker');

  // Offline, a lesson not fetched before fails plainly (here in Chinese) and the work stays.
  await page.context().setOffline(true);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await page.getByRole('combobox', { name: '课程' }).selectOption('max-surge');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /无法加载课程“7\. 使用 maxSurge 的滚动更新”（scenarios\/lessons\/07-rolling-update-max-surge\.yaml）。当前内容已保留。/);
  assert.equal(await editor.inputValue(), lessonFile);
  assert.match(await info.innerText(), /3\. nodeSelector/);
  await screenshot(page, 'lesson-fetch-failed');
  await page.context().close();
});

test('a lesson loaded after scrolling the editor is shown from the top of its text', async () => {
  const page = await load('rolling-update');
  const scrolled = await page.evaluate(() => {
    const code = document.querySelector('.code-scroll');
    code.scrollTop = code.scrollHeight;
    return code.scrollTop;
  });
  assert.ok(scrolled > 100, `the editor scrolled down to ${scrolled}`);
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption('max-surge');
  await page.getByTestId('lesson-info').locator('strong', { hasText: /^7\. / }).waitFor();
  await settled(page);
  assert.equal(await page.evaluate(() => document.querySelector('.code-scroll').scrollTop), 0);
  await page.context().close();
});

test('the picker offers exactly the lessons tested here', async () => {
  const page = await openPage(browser);
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  const ids = await page.evaluate(() => [...document.querySelectorAll('select[aria-label=Lessons] option')].map((o) => o.value).filter(Boolean));
  assert.deepEqual(ids, ['default', 'control-plane-tolerations', 'node-selector', 'node-affinity', 'preemption',
    'rolling-update', 'max-surge', 'bad-image-rollback', 'noexecute-eviction', 'cordon-notready',
    'deployment-surge', 'recreate-vs-rolling', 'progress-deadline', 'scale-during-rollout',
    'anti-affinity-rolling-update', 'topology-spread-zones', 'bin-packing-profile',
    'drain-blocked-by-budget', 'drain-one-at-a-time', 'drain-daemonset-pods',
    'stateful-set-ordered-start', 'stateful-set-canary', 'stateful-set-stuck',
    // Fetched on demand; its rolling update to completion is asserted in scale.test.mjs.
    'large-cluster']);
  await page.context().close();
});
