// The Classification lab's option lists and value ranges, in a module without TF.js: the page's
// settings schema imports them on the main thread, where TF.js must not load (it lives in the worker).
import { validH0Interval } from '../era/params.ts';
import { NUM_CLASSES } from './data/dataset.ts';

export const RUN_SLOT_KINDS = ['off', 'none', 'ls', 'dropout', 'era', 'era+ls', 'era+dropout'] as const;
export type RunSlotKind = (typeof RUN_SLOT_KINDS)[number];

export const MODEL_KINDS = ['cnn', 'resnet20'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const OPTIMIZERS = ['sgd', 'adam'] as const;
export type OptimizerKind = (typeof OPTIMIZERS)[number];

export const LABEL_SMOOTHING_RANGE = { min: 0, max: 0.5 } as const;
export const DROPOUT_RANGE = { min: 0, max: 0.7 } as const;
/** ERA's valid H₀ for 10 classes (open interval). */
export const ERA_H0_RANGE = validH0Interval(NUM_CLASSES);
