// A GRPO run's defaults, in a module without TF.js: the page's settings schema imports them on the
// main thread, where TF.js must not load (it lives in the worker).
import { DEFAULT_TASK } from './task.ts';
import type { RunConfig } from './trainer.ts';

export const DEFAULT_RUN: Omit<RunConfig, 'name' | 'era'> = {
  topK: 0,
  groupSize: 8,
  promptsPerStep: 16,
  learningRate: 0.003,
  optimizer: 'adam',
  clipEps: 0.2,
  updatesPerBatch: 1,
  evalSamples: 16,
  embedDim: 32,
  hiddenDim: 64,
  task: DEFAULT_TASK,
  seed: 1,
  seeds: 1,
  filterGroups: false,
  maxGenBatches: 4,
};
