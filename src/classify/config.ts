// The lab's settings as the page holds them (one value per control, all in the URL) and their mapping
// to the trainer's configuration. Up to 4 run slots, each a regularizer kind; strengths are shared.
import { NUM_CLASSES } from './data/dataset.ts';
import type { ModelKind } from './models.ts';
import { type RunSpec, parseRunSpecs } from './regularizers.ts';
import type { ScheduleKind } from './schedule.ts';
import type { OptimizerKind, TrainerConfig } from './trainer.ts';

export const RUN_SLOT_KINDS = ['off', 'none', 'ls', 'dropout', 'era', 'era+ls', 'era+dropout'] as const;
export type RunSlotKind = (typeof RUN_SLOT_KINDS)[number];

export interface ClassifySettings {
  data: 'synthetic' | 'cifar10';
  model: ModelKind;
  run1: RunSlotKind;
  run2: RunSlotKind;
  run3: RunSlotKind;
  run4: RunSlotKind;
  /** Label smoothing ε, dropout p and ERA's H₀, shared by the runs that use them. */
  ls: number;
  dropout: number;
  h0: number;
  optimizer: OptimizerKind;
  lr: number;
  schedule: ScheduleKind;
  batch: number;
  epochs: number;
  augment: boolean;
  weightDecay: number;
  seed: number;
  /** Training / test images used (synthetic: generated; CIFAR-10: the first N). */
  trainSize: number;
  testSize: number;
  /** First-stage channels of the model (0 = the model's default). */
  width: number;
  /** Evaluate the test set every this many steps (and at each epoch end). */
  evalEvery: number;
}

export const DEFAULT_SETTINGS: ClassifySettings = {
  data: 'synthetic',
  model: 'cnn',
  run1: 'none',
  run2: 'era',
  run3: 'off',
  run4: 'off',
  ls: 0.1,
  dropout: 0.2,
  h0: 0.6,
  optimizer: 'adam',
  lr: 0.003,
  schedule: 'cosine',
  batch: 64,
  epochs: 5,
  augment: false,
  weightDecay: 0,
  seed: 1,
  trainSize: 2000,
  testSize: 500,
  width: 16,
  evalEvery: 25,
};

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
