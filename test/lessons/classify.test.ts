// The Classify lessons' claims, checked on what the page runs in the lessons' state: the lesson's link
// parsed by the lab's schema, the synthetic set the worker builds from it, and the worker's own session
// (TF.js 'cpu' here; the page uses WebGPU, the same trainer code). One training serves the three lessons:
// classify-collapse and classify-floor share their settings, classify-calibration adds the LS run.
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
      while (!session.finished) {
        const r = await session.step();
        if (r.evaluation) evals.push(r.evaluation);
      }
      const names = evals[0].runs.map((r) => r.name);
      expect(names).toEqual(['none', `ls:${settings.ls}`, `era:${settings.h0}`]);
      const series = (i: number, f: (r: RunEvalPoint) => number) => evals.map((e) => f(e.runs[i]));
      const [NONE, LS, ERA] = [0, 1, 2];
      const last = evals.at(-1)!.runs;
      const mid = evals[Math.floor(evals.length / 2)].runs;
      console.log(
        `after ${session.totalSteps} steps (${evals.length} evaluations): ` +
          names.map((n, i) => `${n}: acc ${fmt(last[i].accuracy)} mean H ${fmt(last[i].meanEntropy)} min H ${fmt(last[i].minEntropy)} ECE ${fmt(last[i].ece)}`).join('; '),
      );

      // classify-collapse. Both start near ln 10 (a guess); the plain run's test entropy keeps falling and
      // some of its predictions become near-certain (entropy < 0.1); ERA's never goes below H₀.
      for (const i of [NONE, ERA]) expect(evals[0].runs[i].meanEntropy).toBeGreaterThan(LN10 - 0.3);
      expect(last[NONE].meanEntropy).toBeLessThan(mid[NONE].meanEntropy);
      expect(last[NONE].meanEntropy).toBeLessThan(evals[0].runs[NONE].meanEntropy - 0.5);
      expect(last[NONE].minEntropy).toBeLessThan(0.1);
      for (const h of series(ERA, (r) => r.minEntropy)) expect(h).toBeGreaterThanOrEqual(settings.h0 - 1e-4);
      // "The two runs learn the task alike": far above chance (0.1), within 10 points of each other.
      expect(last[NONE].accuracy).toBeGreaterThan(0.3);
      expect(Math.abs(last[NONE].accuracy - last[ERA].accuracy)).toBeLessThan(0.1);

      // classify-calibration. LS raises the mean test entropy above the plain run's; some of its
      // predictions still fall below ERA's floor, and ERA has none below H₀.
      expect(last[LS].meanEntropy).toBeGreaterThan(last[NONE].meanEntropy);
      expect(last[LS].minEntropy).toBeLessThan(settings.h0);
      expect(last[ERA].minEntropy).toBeGreaterThanOrEqual(settings.h0 - 1e-4);

      // classify-floor. H₀ 0.6 → 1.2 on the trained weights: at the next evaluation every test image's
      // entropy is ≥ 1.2, and the accuracy is unchanged (ERA keeps the classes' order).
      session.setLive({ h0: 1.2 });
      const after = (await session.evaluate()).runs[ERA];
      console.log(`H₀ 0.6 → 1.2: ERA min H ${fmt(last[ERA].minEntropy)} → ${fmt(after.minEntropy)}, accuracy ${fmt(last[ERA].accuracy)} → ${fmt(after.accuracy)}`);
      expect(after.minEntropy).toBeGreaterThanOrEqual(1.2 - 1e-4);
      expect(after.accuracy).toBe(last[ERA].accuracy);
      expect(after.entropyHistogram.slice(0, Math.floor((1.2 / LN10) * after.entropyHistogram.length)).every((c) => c === 0)).toBe(true);
    } finally {
      session.dispose();
    }
  });
});
