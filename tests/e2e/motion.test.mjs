// Motion and time on the board (issue 20): a bound pod travels from the pending area to its
// node, a node that changes state pulses once, `prefers-reduced-motion` turns both off, and
// a terminating pod counts down its grace period.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot, settled, lessonShown } from './harness.mjs';
import { lastFrame, seek } from './page.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Opens lesson `id` (optionally with reduced motion), at its first frame. */
async function load(id, options = {}) {
  const page = await openPage(browser, options);
  await page.goto(server.origin + '/?autoplay=0');
  await page.locator('[data-testid=node-card]').first().waitFor();
  await page.getByRole('combobox', { name: 'Lessons' }).selectOption(id);
  await lessonShown(page, id);
  await settled(page);
  await page.getByRole('button', { name: 'Back to the start' }).click();
  await settled(page);
  return page;
}

/**
 * Records, from now on, every pod that starts travelling and every node card that pulses,
 * with the computed transition and animation that carry them (read when they start).
 */
function recordMotion(page) {
  return page.evaluate(() => {
    window.motion = { travelled: [], pulsed: [] };
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target;
        if (r.attributeName !== 'class') continue;
        if (el.classList.contains('travelling') && !(r.oldValue || '').includes('travelling')) {
          window.motion.travelled.push({ key: el.dataset.key, transition: getComputedStyle(el).transitionDuration });
        }
        const pulse = [...el.classList].find((c) => c.startsWith('pulse-'));
        if (pulse && !(r.oldValue || '').includes(pulse)) {
          window.motion.pulsed.push({ node: el.dataset.node, animation: getComputedStyle(el).animationName });
        }
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['class'], attributeOldValue: true });
  });
}

/** Steps through every frame with the scrubber, waiting for each to be on the board. */
async function stepThrough(page) {
  const max = await lastFrame(page);
  for (let i = 1; i <= max; i++) await seek(page, i);
}

test('a bound pod travels from the pending area to its node, and a node that changes state pulses once', async () => {
  const page = await load('cordon-notready');
  await recordMotion(page);
  await stepThrough(page);
  const motion = await page.evaluate(() => window.motion);
  assert.ok(motion.travelled.length >= 3, `daemon pods travelled to their nodes: ${JSON.stringify(motion.travelled)}`);
  assert.ok(motion.travelled.every((t) => t.key.startsWith('kube-system/fluentd-elasticsearch-')));
  assert.ok(motion.travelled.every((t) => t.transition.split(', ')[0] !== '0s'), 'the slide takes time');
  const pulsed = motion.pulsed.map((p) => p.node);
  assert.ok(pulsed.includes('worker-1'), `the cordoned node pulses: ${pulsed}`);
  assert.ok(pulsed.includes('worker-3'), `the node that turns NotReady pulses: ${pulsed}`);
  assert.ok(!pulsed.includes('worker-2'), 'a node whose state never changes does not');
  assert.ok(motion.pulsed.every((p) => p.animation.startsWith('node-pulse')));
  await page.context().close();
});

test('with prefers-reduced-motion the pods and nodes change without moving', async () => {
  const page = await load('cordon-notready', { reducedMotion: 'reduce' });
  await recordMotion(page);
  await stepThrough(page);
  const motion = await page.evaluate(() => window.motion);
  assert.ok(motion.travelled.length > 0 && motion.pulsed.length > 0, 'the same changes happen');
  assert.ok(motion.travelled.every((t) => t.transition.split(', ').every((d) => d === '0s')), JSON.stringify(motion.travelled));
  assert.ok(motion.pulsed.every((p) => p.animation === 'none'), JSON.stringify(motion.pulsed));
  await page.context().close();
});

test('a terminating pod counts down its grace period on the board, paused and while playing', async () => {
  const page = await load('rolling-update');
  // Step to the frame where the rollout deletes the first old pod.
  const countdown = page.locator('[data-testid=pod][data-status=Terminating] [data-testid=countdown]');
  const max = await lastFrame(page);
  for (let i = 1; i <= max && (await countdown.count()) === 0; i++) await seek(page, i);
  assert.equal(await countdown.innerText(), '30s grace period, 30s left');
  await screenshot(page, 'motion-countdown');
  // Playing, the 30 s grace period is fast-forwarded, and the countdown follows the playhead.
  await page.getByRole('button', { name: 'Play' }).click();
  const seen = await page.evaluate(async () => {
    const seen = [];
    const started = performance.now();
    while (performance.now() - started < 5_000) {
      const text = document.querySelector('[data-testid=pod][data-status=Terminating] [data-testid=countdown]')?.textContent;
      if (text && text !== seen[seen.length - 1]) seen.push(text);
      if (!text && seen.length > 1) break;
      await new Promise((r) => requestAnimationFrame(r));
    }
    return seen;
  });
  const left = seen.map((c) => Number(c.match(/^30s grace period, (\d+)s left$/)?.[1]));
  assert.ok(left.length >= 4, `the countdown moves while playing: ${seen}`);
  assert.ok(left.every((n, i) => n >= 0 && (i === 0 || n < left[i - 1])), `it counts down: ${left}`);
  await page.context().close();
});
