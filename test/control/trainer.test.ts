// The trainer's warmup exploration: random actions are i.i.d. by default, or held for
// `warmupActionHold` steps (restarting at each episode), which is what lets mountain car's
// warmup reach the flag.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from '../../src/control/trainer.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Runs `steps` warmup steps and returns the action the environment received at each. */
async function warmupActions(hold: number, steps: number): Promise<number[]> {
  const trainer = new Trainer({ env: 'pendulum', agent: 'sac', seed: 3, warmupSteps: 10_000, warmupActionHold: hold });
  const seen: number[] = [];
  const step = trainer.env.step.bind(trainer.env);
  trainer.env.step = (a) => {
    seen.push(a[0]);
    return step(a);
  };
  await trainer.runSteps(steps);
  trainer.agent.dispose();
  return seen;
}

describe('warmup actions', () => {
  it('are i.i.d. uniform in [−1, 1] by default', async () => {
    const a = await warmupActions(1, 50);
    expect(a.every((x) => x >= -1 && x <= 1)).toBe(true);
    for (let i = 1; i < a.length; i++) expect(a[i]).not.toBe(a[i - 1]);
  });

  it('are held for warmupActionHold steps, restarting when an episode ends', async () => {
    const a = await warmupActions(30, 230); // Pendulum episodes are 200 steps
    for (let i = 0; i < 230; i++) {
      const runStart = i < 200 ? i - (i % 30) : 200;
      expect(a[i]).toBe(a[runStart]);
    }
    expect(a[30]).not.toBe(a[29]);
    expect(a[180]).not.toBe(a[179]);
    expect(a[200]).not.toBe(a[199]); // the last run of episode 1 was cut at 20 steps
  });

  it('rejects a hold that is not a positive integer', () => {
    expect(() => new Trainer({ env: 'pendulum', agent: 'sac', warmupActionHold: 0 })).toThrow(RangeError);
    expect(() => new Trainer({ env: 'pendulum', agent: 'sac', warmupActionHold: 2.5 })).toThrow(/warmupActionHold/);
  });
});
