// The throughput runs (src/bench/throughput.ts) on tiny sizes on the cpu backend: the JSON shape the GPU
// kit's throughput.json takes, positive finite rates, and no tensor leaked per timed step (building
// a LockstepTrainer or a SAC-ERA agent leaves a few tensors behind whatever the step count: that is
// the labs' code, not the timing loops). Speed itself is for `npm run bench:throughput`, never an assertion.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runThroughput } from '../../src/bench/throughput.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('runThroughput', () => {
  const tiny = (steps: number, onProgress?: (l: string) => void) =>
    runThroughput('test adapter', {
      classifyBatch: 8,
      classifySteps: steps,
      classifyWidth: 4,
      classifyTrainSize: 16,
      sacUpdates: steps,
      grpoSteps: steps,
      grpoS8Steps: steps,
      grpoConfig: { promptsPerStep: 2, groupSize: 2, evalSamples: 2 },
      warmup: 1,
      onProgress,
    });

  it('reports every rate, positive and finite, and leaks no tensor per step', async () => {
    const progress: string[] = [];
    let before = tf.memory().numTensors;
    const r = await tiny(1, (l) => progress.push(l));
    const leakedOnce = tf.memory().numTensors - before;
    before = tf.memory().numTensors;
    await tiny(3);
    expect(tf.memory().numTensors - before).toBe(leakedOnce);
    expect(r.adapter).toBe('test adapter');
    expect(r.backend).toBe('cpu');
    expect(r.sacEraSeedsBatched).toBe(true);
    for (const v of [r.classifyImagesPerSecond, r.sacEraUpdatesPerSecond.s1, r.sacEraUpdatesPerSecond.s8, r.grpoEraStepsPerSecond, r.grpoEraS8StepsPerSecond]) {
      expect(Number.isFinite(v) && (v as number) > 0).toBe(true);
    }
    expect(r.classify).toMatchObject({ model: 'cnn', batch: 8, steps: 1 });
    expect(r.sacEra).toMatchObject({ env: 'point-mass', updatesPerSeed: 1 });
    expect(r.grpoEra).toMatchObject({ steps: 1, s8Steps: 1 });
    expect(progress).toHaveLength(5);
  });
});
