// The worker's session: settings → runs, step updates, evaluations with histogram/calibration/grid data.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSpecsOf } from '../../src/classify/config.ts';
import { AS_RELEASED_PRESET } from '../../src/classify/options.ts';
import { CLASSIFY_DEFAULTS as DEFAULT_SETTINGS, type ClassifySettings } from '../../src/ui/labs/classify/schema.ts';
import { makeSyntheticDataset } from '../../src/classify/data/synthetic.ts';
import { ENTROPY_HISTOGRAM_BINS, GRID_SIZE } from '../../src/classify/protocol.ts';
import { ClassifySession, datasetInfo } from '../../src/classify/session.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('classification lab session', () => {
  it('maps run slots to regularizers with shared strengths', () => {
    const s: ClassifySettings = { ...DEFAULT_SETTINGS, run1: 'none', run2: 'era+ls', run3: 'off', run4: 'dropout', h0: 0.8, ls: 0.2, dropout: 0.3 };
    expect(runSpecsOf(s).map((r) => r.name)).toEqual(['none', 'era:0.8+ls:0.2', 'dropout:0.3']);
    expect(runSpecsOf({ ...s, run1: 'off', run2: 'off', run4: 'off' }).map((r) => r.name)).toEqual(['none']);
  });

  it('"As released" gives every run label smoothing 0.1: none + LS, ERA + LS and dropout + LS', () => {
    const before: ClassifySettings = { ...DEFAULT_SETTINGS, ls: 0.3, dropout: 0.2, h0: 0.6, run4: 'era' };
    const s: ClassifySettings = { ...before, ...AS_RELEASED_PRESET };
    const specs = runSpecsOf(s);
    expect(specs.map((r) => r.name)).toEqual(['ls:0.1', 'era:0.6+ls:0.1', 'dropout:0.2+ls:0.1']);
    expect(specs.map((r) => r.regularizer.labelSmoothing)).toEqual([0.1, 0.1, 0.1]);
    expect(specs.map((r) => r.regularizer.dropout)).toEqual([0, 0, 0.2]);
    expect(specs.map((r) => r.regularizer.eraH0)).toEqual([null, 0.6, null]);
  });

  it('steps all runs together and evaluates at step 1 and every evalEvery steps', async () => {
    const ds = makeSyntheticDataset({ trainSize: 32, testSize: 20, seed: 2 });
    const settings: ClassifySettings = { ...DEFAULT_SETTINGS, run1: 'none', run2: 'era', batch: 16, width: 2, epochs: 2, evalEvery: 3 };
    const session = new ClassifySession(ds, settings);
    expect(session.totalSteps).toBe(4);
    const info = datasetInfo(ds);
    expect(info.gridImages.length).toBe(GRID_SIZE * 3072);
    expect(info.synthetic).toBe(true);
    const evaluatedAt: number[] = [];
    while (!session.finished) {
      const r = await session.step();
      expect(r.step.runs.map((x) => x.name)).toEqual(['none', 'era:0.6']);
      if (r.evaluation) {
        evaluatedAt.push(r.evaluation.step);
        for (const run of r.evaluation.runs) {
          expect(run.entropyHistogram).toHaveLength(ENTROPY_HISTOGRAM_BINS);
          expect(run.entropyHistogram.reduce((a, b) => a + b, 0)).toBe(20);
          expect(run.confusion.flat().reduce((a, b) => a + b, 0)).toBe(20);
          expect(run.gridProbabilities).toHaveLength(GRID_SIZE);
          expect(run.gridProbabilities[0].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
        }
        expect(r.evaluation.runs[1].minEntropy).toBeGreaterThanOrEqual(0.6);
      }
    }
    // Step 1, epoch ends (2 steps per epoch: 2, 4), evalEvery = 3.
    expect(evaluatedAt).toEqual([1, 2, 3, 4]);
    session.dispose();
  });
});
