// The Classification lab's settings, declared once: this schema drives the panel and the URL
// (#/classify?…), and `ClassifySettings` (what the worker and src/classify/config.ts take) is derived
// from it. DOM-free and TF.js-free (it loads on the main thread), so the engine and Node tests may import it.
import { DROPOUT_RANGE, ERA_H0_RANGE, LABEL_SMOOTHING_RANGE, MODEL_KINDS, OPTIMIZERS, RUN_SLOT_KINDS } from '../../../classify/options.ts';
import { SCHEDULES } from '../../../classify/schedule.ts';
import { type StateOf, defaults, defineSchema } from '../../state/schema.ts';

/** Keeps H₀ strictly inside ERA's open valid interval for 10 classes. */
const H0_MARGIN = 0.005;

const runSlot = <const N extends number>(n: N, def: (typeof RUN_SLOT_KINDS)[number]) =>
  ({
    kind: 'enum',
    name: `run${n}`,
    group: 'baselines',
    apply: 'reset',
    label: `Run ${n}`,
    help: 'Regularizer of this run (off = no run). All runs share the seed, initial weights and batch order.',
    options: RUN_SLOT_KINDS,
    default: def,
  }) as const;

export const classifySchema = defineSchema([
  {
    kind: 'number',
    name: 'h0',
    group: 'era',
    apply: 'live',
    label: 'H₀ (ERA target entropy)',
    ascii: 'H0',
    help: `ERA keeps every prediction's entropy at or above H₀ (nats). Valid for 10 classes: (${ERA_H0_RANGE.min.toFixed(4)}, ${ERA_H0_RANGE.max.toFixed(4)}).`,
    default: 0.6,
    min: ERA_H0_RANGE.min + H0_MARGIN,
    max: ERA_H0_RANGE.max - H0_MARGIN,
    step: 0.01,
  },
  runSlot(1, 'none'),
  runSlot(2, 'era'),
  runSlot(3, 'off'),
  runSlot(4, 'off'),
  { kind: 'number', name: 'ls', group: 'baselines', apply: 'live', label: 'ε (label smoothing)', ascii: 'epsilon', help: 'Targets become (1−ε)·one-hot + ε/10.', default: 0.1, min: LABEL_SMOOTHING_RANGE.min, max: LABEL_SMOOTHING_RANGE.max, step: 0.01 },
  { kind: 'number', name: 'dropout', group: 'baselines', apply: 'live', label: 'p (dropout)', ascii: 'dropout p', help: 'Dropout probability on the features entering the classifier head.', default: 0.2, min: DROPOUT_RANGE.min, max: DROPOUT_RANGE.max, step: 0.01 },
  { kind: 'enum', name: 'optimizer', group: 'optimisation', apply: 'reset', label: 'Optimizer', help: 'SGD with momentum 0.9, or Adam.', options: OPTIMIZERS, default: 'adam' },
  { kind: 'number', name: 'lr', group: 'optimisation', apply: 'live', label: 'lr (learning rate)', ascii: 'learning rate', help: 'Base learning rate (too high and a run diverges; it stops and is marked).', default: 0.003, min: 0.0001, max: 2, step: 0.0001 },
  { kind: 'enum', name: 'schedule', group: 'optimisation', apply: 'reset', label: 'Schedule', help: 'constant, or cosine decay to 0 over all epochs.', options: SCHEDULES, default: 'cosine' },
  { kind: 'int', name: 'batch', group: 'optimisation', apply: 'reset', label: 'Batch size', help: 'Images per step (shared by all runs).', default: 64, min: 8, max: 512, step: 8 },
  { kind: 'int', name: 'epochs', group: 'optimisation', apply: 'reset', label: 'Epochs', help: 'Passes over the training images.', default: 5, min: 1, max: 200, step: 1 },
  { kind: 'enum', name: 'data', group: 'data', apply: 'reset', label: 'Data', help: 'synthetic: generated shapes and textures (not CIFAR-10); cifar10: the real set (served files, a download or a picked archive).', options: ['synthetic', 'cifar10'], default: 'synthetic' },
  { kind: 'enum', name: 'model', group: 'data', apply: 'reset', label: 'Model', help: 'A small fast CNN, or a CIFAR ResNet-20 (slower), both with batch norm.', options: MODEL_KINDS, default: 'cnn' },
  { kind: 'bool', name: 'augment', group: 'data', apply: 'reset', label: 'Augment (crop + flip)', help: 'Random 32×32 crop of a 4-pixel-padded image and random horizontal flip, on the GPU.', default: false },
  { kind: 'number', name: 'weightDecay', group: 'advanced', apply: 'reset', label: 'Weight decay', help: 'L2 penalty on convolution and dense kernels.', default: 0, min: 0, max: 0.01, step: 0.0001 },
  { kind: 'int', name: 'seed', group: 'advanced', apply: 'reset', label: 'Seed', help: 'Seeds the data (synthetic), the initial weights, the batch order and the augmentation.', default: 1, min: 0, max: 999999, step: 1 },
  { kind: 'int', name: 'trainSize', group: 'advanced', apply: 'reset', label: 'Training images', help: 'Synthetic: generated; CIFAR-10: the first N of 50,000.', default: 2000, min: 64, max: 50000, step: 64 },
  { kind: 'int', name: 'testSize', group: 'advanced', apply: 'reset', label: 'Test images', help: 'Synthetic: generated; CIFAR-10: the first N of 10,000.', default: 500, min: 50, max: 10000, step: 50 },
  { kind: 'int', name: 'width', group: 'advanced', apply: 'reset', label: 'Width', help: 'Channels of the first stage (CNN default 32, ResNet-20 16).', default: 16, min: 4, max: 64, step: 4 },
  { kind: 'int', name: 'evalEvery', group: 'advanced', apply: 'reset', label: 'Evaluate every (steps)', help: 'How often the test set is evaluated (also at every epoch end).', default: 25, min: 1, max: 1000, step: 1 },
]);

/** The lab's settings, as the worker and `src/classify/config.ts` take them. */
export type ClassifySettings = StateOf<typeof classifySchema.specs>;

export const CLASSIFY_DEFAULTS: ClassifySettings = defaults(classifySchema);
