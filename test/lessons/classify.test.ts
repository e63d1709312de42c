// The Classify lessons' claims, checked on what the page runs in the lessons' state: the lesson's link
// parsed by the lab's schema, the synthetic set the worker builds from it, and the worker's own session
// (TF.js 'cpu' here; the page uses WebGPU, the same trainer code). One training serves the three lessons:
// classify-collapse and classify-floor share their settings, classify-calibration adds the LS run. The
// trends a class watches (how low the plain run's entropy goes, how accuracy develops) are left to the
// class to observe: the captions do not claim them.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSyntheticDataset } from '../../src/classify/data/synthetic.ts';
import type { EvalPoint, RunEvalPoint } from '../../src/classify/protocol.ts';
import { ClassifySession } from '../../src/classify/session.ts';
import { classifySchema } from '../../src/ui/labs/classify/schema.ts';
import { findLesson } from '../../src/ui/lessons/lessons.ts';
import { parseParams } from '../../src/ui/state/schema.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function lessonSettings(id: string) {
  const parsed = parseParams(classifySchema, new URLSearchParams(findLesson(id)!.params));
  expect(parsed.notices).toEqual([]);
  return parsed.state;
}

const LN10 = Math.log(10);
const STEPS = 1; // step 1 is evaluated: the weights of `last` are the weights H₀ then moves on
const fmt = (x: number) => x.toFixed(3);

describe('Classify lessons, on the page’s own session', () => {
  it('classify-collapse, classify-floor, classify-calibration', { timeout: 1_200_000 }, async () => {
    const settings = lessonSettings('classify-calibration');
    const collapse = lessonSettings('classify-collapse');
    expect(lessonSettings('classify-floor')).toEqual(collapse);
    // The calibration lesson is the collapse lesson's two runs with label smoothing between them.
    expect({ ...settings, run2: 'era', run3: 'off' }).toEqual(collapse);
    const ds = makeSyntheticDataset({ trainSize: settings.trainSize, testSize: settings.testSize, seed: settings.seed });
    const session = new ClassifySession(ds, settings);
    const evals: EvalPoint[] = [];
    try {
      // The captions claim only what ERA guarantees by construction, which holds at every step; a whole
      // run of the lesson (8 epochs at width 16) takes over half an hour on a CPU, so the first steps do (with the
      // evaluation at step 1 and one more after H₀ moves: each costs minutes on TF.js's CPU backend).
      for (let s = 0; s < STEPS; s++) {
        const r = await session.step();
        if (r.evaluation) evals.push(r.evaluation);
      }
      const names = evals[0].runs.map((r) => r.name);
      expect(names).toEqual(['none', `ls:${settings.ls}`, `era:${settings.h0}`]);
      const [NONE, LS, ERA] = [0, 1, 2];
      const last = evals.at(-1)!.runs;
      console.log(
        `after ${STEPS} steps: ` +
          names.map((n, i) => `${n}: acc ${fmt(last[i].accuracy)} mean H ${fmt(last[i].meanEntropy)} min H ${fmt(last[i].minEntropy)}`).join('; '),
      );

      // classify-collapse: both start near ln 10 (a guess); ERA's run is never below H₀, on any test
      // image at any evaluation. Label smoothing has no such floor (nothing bounds a single prediction).
      for (const i of [NONE, LS, ERA]) expect(evals[0].runs[i].meanEntropy).toBeGreaterThan(LN10 - 0.3);
      for (const e of evals) expect(e.runs[ERA].minEntropy).toBeGreaterThanOrEqual(settings.h0 - 1e-4);
      const belowFloor = (r: RunEvalPoint) =>
        r.entropyHistogram.slice(0, Math.floor((settings.h0 / LN10) * r.entropyHistogram.length)).reduce((a, b) => a + b, 0);
      expect(belowFloor(last[ERA])).toBe(0);

      // classify-floor: H₀ 0.6 → 1.2 on the same weights. At the next evaluation every test image's
      // entropy is ≥ 1.2 (the histogram starts right of 1.2) and every predicted class is the same, so
      // the accuracy is unchanged to the last image.
      session.setLive({ h0: 1.2 });
      const evaluation = await session.evaluate();
      const after = evaluation.runs[ERA];
      console.log(
        `H₀ 0.6 → 1.2: ERA min H ${fmt(last[ERA].minEntropy)} → ${fmt(after.minEntropy)}, accuracy ${fmt(last[ERA].accuracy)} → ${fmt(after.accuracy)}`,
      );
      expect(after.minEntropy).toBeGreaterThanOrEqual(1.2 - 1e-4);
      expect(after.entropyHistogram.slice(0, Math.floor((1.2 / LN10) * after.entropyHistogram.length)).every((c) => c === 0)).toBe(true);
      expect(after.accuracy).toBe(last[ERA].accuracy);
      expect(after.confusion).toEqual(last[ERA].confusion);
      // The other runs do not use H₀: untouched.
      expect(evaluation.runs[NONE].accuracy).toBe(last[NONE].accuracy);
    } finally {
      session.dispose();
    }
  });
});
