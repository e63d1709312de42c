// The workers' play/pause/step loop: one step at a time, pause between steps, stop waits for the step
// in flight, a failing step stops the loop and reports, and every run ends with a forced flush.
import { describe, expect, it } from 'vitest';
import { StepLoop } from '../src/util/stepLoop.ts';

function harness(opts: { failAt?: number; pauseAt?: number } = {}) {
  const log: string[] = [];
  let steps = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const loop: StepLoop = new StepLoop({
    step: async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      steps++;
      inFlight--;
      if (steps === opts.failAt) throw new Error(`step ${steps} failed`);
      if (steps === opts.pauseAt) loop.pause();
    },
    flush: (force) => log.push(force ? 'flush!' : 'flush'),
    onError: (m) => log.push(`error: ${m}`),
  });
  return { loop, log, steps: () => steps, maxInFlight: () => maxInFlight };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 2));
};

describe('StepLoop', () => {
  it('plays until paused, one step at a time, and stop() waits for the step in flight', async () => {
    const h = harness();
    h.loop.play();
    h.loop.play(); // a second play does not start a second loop
    await until(() => h.steps() >= 3);
    expect(h.loop.running).toBe(true);
    await h.loop.stop();
    const after = h.steps();
    expect(h.loop.running).toBe(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(h.steps()).toBe(after);
    expect(h.maxInFlight()).toBe(1);
    expect(h.log.at(-1)).toBe('flush!');
  });

  it('a step may pause the loop itself (a finished or diverged run)', async () => {
    const h = harness({ pauseAt: 2 });
    h.loop.play();
    await until(() => !h.loop.running);
    await h.loop.stop();
    expect(h.steps()).toBe(2);
  });

  it('a failing step stops the loop and reports the error', async () => {
    const h = harness({ failAt: 1 });
    h.loop.play();
    await until(() => h.log.includes('flush!'));
    expect(h.loop.running).toBe(false);
    expect(h.log).toEqual(['error: step 1 failed', 'flush!']);
  });

  it('steps once while paused, and not while playing', async () => {
    const h = harness();
    await h.loop.stepOnce();
    expect([h.steps(), h.log]).toEqual([1, ['flush!']]);
    h.loop.play();
    await until(() => h.steps() >= 2);
    const during = h.steps();
    await h.loop.stepOnce(); // ignored: the loop is stepping
    await h.loop.stop();
    expect(h.maxInFlight()).toBe(1);
    expect(h.steps()).toBeGreaterThanOrEqual(during);
  });
});
