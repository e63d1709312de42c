// The Explore lesson's claims, on the explorer's own computation (compute.ts) in the lesson's state:
// WebGPU (our WGSL on Dawn) and the float64 CPU reference, as the page offers both.
import { beforeAll, describe, expect, it } from 'vitest';
import { restartEngine } from '../../src/ui/engine/engine.ts';
import { type ComputeEngine, computeClassification } from '../../src/ui/labs/explore/compute.ts';
import { exampleLogits, oneHotLogits } from '../../src/ui/labs/explore/inputs.ts';
import { classificationH0Range, exploreSchema } from '../../src/ui/labs/explore/schema.ts';
import { findLesson } from '../../src/ui/lessons/lessons.ts';
import { parseParams } from '../../src/ui/state/schema.ts';
import { Rng } from '../../src/util/rng.ts';

beforeAll(async () => {
  await restartEngine();
});

describe('Explore lesson, on the explorer’s own computation', () => {
  for (const engine of ['webgpu', 'cpu-reference'] as ComputeEngine[]) {
    it(`explore-floor (${engine})`, async () => {
      const parsed = parseParams(exploreSchema, new URLSearchParams(findLesson('explore-floor')!.params));
      expect(parsed.notices).toEqual([]);
      const { d, h0, temp, inv } = parsed.state;
      expect({ d, h0 }).toEqual({ d: 10, h0: 0.6 });
      const run = (logits: number[], h: number) => computeClassification({ logits, temperature: temp, h0: h, inverse: inv }, engine);

      // Step 1: one class towers over the others ("one-hot" button). Before ERA the entropy is ~0; after
      // ERA it is above H₀, at ERA's floor for 10 classes, 0.98 nats (the caption's figure, to 2 digits).
      const oneHot = await run(oneHotLogits(d), h0);
      expect(oneHot.entropyBefore).toBeLessThan(1e-6);
      expect(oneHot.entropyAfter).toBeGreaterThanOrEqual(h0);
      expect(oneHot.oneHotFloor.toFixed(2)).toBe('0.98');
      expect(oneHot.entropyAfter).toBeCloseTo(oneHot.oneHotFloor, 3);

      // Step 2: move H₀ across its range: the entropy after ERA follows H₀ and is never below it, for
      // any logits (random ones at every scale here, and the one-hot row).
      const { min, max } = classificationH0Range(d);
      const rng = new Rng(7);
      let previousFloor = -Infinity;
      for (let i = 0; i <= 10; i++) {
        const h = min + ((max - min) * i) / 10;
        const floor = (await run(oneHotLogits(d), h)).oneHotFloor;
        expect(floor).toBeGreaterThanOrEqual(h - 1e-4);
        expect(floor).toBeGreaterThan(previousFloor); // it follows H₀ up
        previousFloor = floor;
        for (const scale of [0.5, 5, 50]) {
          const logits = exampleLogits(d, rng.intIn(0, 1e6)).map((z) => z * scale);
          expect((await run(logits, h)).entropyAfter).toBeGreaterThanOrEqual(h - 1e-4);
        }
      }
    });
  }
});
