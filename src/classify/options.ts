// The Classification lab's option lists and value ranges, in a module without TF.js: the page's
// settings schema imports them on the main thread, where TF.js must not load (it lives in the worker).
import { validH0Interval } from '../era/params.ts';
import { NUM_CLASSES } from './data/dataset.ts';

export const RUN_SLOT_KINDS = ['off', 'none', 'ls', 'dropout', 'era', 'era+ls', 'era+dropout', 'dropout+ls'] as const;
export type RunSlotKind = (typeof RUN_SLOT_KINDS)[number];

export const MODEL_KINDS = ['cnn', 'resnet20'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const OPTIMIZERS = ['sgd', 'adam'] as const;
export type OptimizerKind = (typeof OPTIMIZERS)[number];

export const LABEL_SMOOTHING_RANGE = { min: 0, max: 0.5 } as const;
export const DROPOUT_RANGE = { min: 0, max: 0.7 } as const;
/** ERA's valid H₀ for 10 classes (open interval). */
export const ERA_H0_RANGE = validH0Interval(NUM_CLASSES);

/**
 * "As released": the settings the released classification code trains with, as far as this lab has
 * them. Its train.py (timm, `--smoothing` default 0.1) adds label smoothing 0.1 to every run, ERA's
 * included, so the comparison is none+LS, ERA+LS and dropout+LS, all at ε = 0.1 (docs/cifar.md).
 */
export const AS_RELEASED_PRESET = { run1: 'ls', run2: 'era+ls', run3: 'dropout+ls', run4: 'off', ls: 0.1 } as const;
