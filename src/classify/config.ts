// The lab's settings (one value per control, all in the URL; declared by the lab's schema) mapped to
// the trainer's configuration. Up to 4 run slots, each a regularizer kind; strengths are shared.
import { NUM_CLASSES } from './data/dataset.ts';
import { type RunSpec, parseRunSpecs } from './regularizers.ts';
import type { TrainerConfig } from './trainer.ts';
import type { ClassifySettings } from '../ui/labs/classify/schema.ts';

import type { RunSlotKind } from './options.ts';

export { RUN_SLOT_KINDS, type RunSlotKind } from './options.ts';

/** The lab's settings: declared once, by the lab's schema (src/ui/labs/classify/schema.ts). */
export type { ClassifySettings };

/** The run spec string of one slot ("era:0.6+ls:0.1"), or null when the slot is off. */
export function slotSpec(kind: RunSlotKind, s: Pick<ClassifySettings, 'ls' | 'dropout' | 'h0'>): string | null {
  switch (kind) {
    case 'off':
      return null;
    case 'none':
      return 'none';
    case 'ls':
      return `ls:${s.ls}`;
    case 'dropout':
      return `dropout:${s.dropout}`;
    case 'era':
      return `era:${s.h0}`;
    case 'era+ls':
      return `era:${s.h0}+ls:${s.ls}`;
    case 'era+dropout':
      return `era:${s.h0}+dropout:${s.dropout}`;
    case 'dropout+ls':
      return `dropout:${s.dropout}+ls:${s.ls}`;
  }
}

export function runSpecsOf(s: ClassifySettings): RunSpec[] {
  const specs = [s.run1, s.run2, s.run3, s.run4].map((k) => slotSpec(k, s)).filter((x): x is string => x !== null);
  return parseRunSpecs(specs.length ? specs.join(';') : 'none');
}

export function trainerConfigOf(s: ClassifySettings, trainCount: number): TrainerConfig {
  const batchSize = Math.min(s.batch, trainCount);
  const stepsPerEpoch = Math.max(1, Math.floor(trainCount / batchSize));
  return {
    model: s.model,
    width: s.width > 0 ? s.width : undefined,
    runs: runSpecsOf(s),
    optimizer: s.optimizer,
    learningRate: s.lr,
    schedule: s.schedule,
    batchSize,
    totalSteps: s.epochs * stepsPerEpoch,
    augment: s.augment,
    weightDecay: s.weightDecay,
    seed: s.seed,
  };
}

export const CLASS_COUNT = NUM_CLASSES;
