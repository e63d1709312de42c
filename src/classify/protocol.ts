// Messages between the classification lab's page and its worker: plain data, never tensors.
import type { ClassifySettings } from './config.ts';
import type { ReliabilityBin } from './metrics.ts';

export interface DatasetInfo {
  name: 'synthetic' | 'cifar10';
  synthetic: boolean;
  classNames: string[];
  train: number;
  test: number;
  /** The first GRID_SIZE test images (NHWC bytes) and labels, for the prediction grid. */
  gridImages: Uint8Array;
  gridLabels: number[];
}

export interface StepPoint {
  step: number;
  epoch: number;
  learningRate: number;
  seconds: number;
  images: number;
  runs: Array<{ name: string; loss: number; accuracy: number; diverged: boolean }>;
}

export interface RunEvalPoint {
  name: string;
  accuracy: number;
  nll: number;
  meanEntropy: number;
  minEntropy: number;
  ece: number;
  entropyHistogram: number[];
  reliability: ReliabilityBin[];
  confusion: number[][];
  /** Predicted probabilities of the grid images, one row of 10 per image. */
  gridProbabilities: number[][];
}

export interface EvalPoint {
  step: number;
  epoch: number;
  runs: RunEvalPoint[];
}

export interface Divergence {
  run: string;
  step: number;
  hint: string;
}

export type ToWorker =
  | { type: 'reset'; settings: ClassifySettings; dataBaseUrl: string }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  /** A user-picked cifar-10-binary.tar.gz to parse (and cache) in the worker. */
  | { type: 'archive'; bytes: ArrayBuffer; skipChecksum: boolean };

export type FromWorker =
  | { type: 'ready'; backend: string }
  | { type: 'dataset'; info: DatasetInfo; runs: string[]; stepsPerEpoch: number; totalSteps: number; source: string }
  | { type: 'need-archive'; message: string }
  | { type: 'archive-progress'; fraction: number; stage: string }
  | { type: 'archive-error'; message: string }
  | { type: 'updates'; steps: StepPoint[]; evals: EvalPoint[]; divergences: Divergence[] }
  | { type: 'status'; running: boolean; step: number; imagesPerSecond: number; stepSeconds: number; finished: boolean }
  /** For the performance panel: the ERA kernels' GPU time per step at this batch shape (null off WebGPU). */
  | { type: 'perf'; adapter: string; gpuMs: number | null; eraKernels: Array<{ name: string; ms: number }> | null }
  | { type: 'error'; message: string };

export const GRID_SIZE = 12;
export const ENTROPY_HISTOGRAM_BINS = 24;
