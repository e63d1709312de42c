// What the classification lab's worker and page exchange beyond the base protocol (src/lab/protocol.ts):
// plain data, never tensors.
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

/** One step's contribution to the charts (the base protocol's `updates`). */
export interface ClassifyUpdate {
  step: StepPoint;
  evaluation: EvalPoint | null;
  divergences: Divergence[];
}

/** The lab's own commands (the base protocol carries reset, play, pause, step and live settings). */
export type ClassifyCommand =
  /** Where the page serves data/cifar10/ (sent once, before the first reset). */
  | { kind: 'data-base'; url: string }
  /** A user-picked cifar-10-binary.tar.gz to parse (and cache) in the worker. */
  | { kind: 'archive'; bytes: ArrayBuffer; skipChecksum: boolean }
  /** "Get CIFAR-10": the user agreed to download the Hugging Face Parquet files (the only trigger). */
  | { kind: 'download' }
  | { kind: 'download-cancel' }
  /** Sent by the page on 'download-done': restart on the new data from inside the command queue. */
  | { kind: 'use-download' };

/** The lab's own messages to the page. */
export type ClassifyPayload =
  | { kind: 'dataset'; info: DatasetInfo; runs: string[]; stepsPerEpoch: number; source: string }
  | { kind: 'need-archive'; message: string }
  | { kind: 'archive-progress'; fraction: number; stage: string }
  | { kind: 'archive-error'; message: string }
  /** Bytes of the Hub download so far, against the Content-Length total (null while unknown). */
  | { kind: 'download-progress'; received: number; total: number | null }
  | { kind: 'download-error'; message: string }
  | { kind: 'download-cancelled' }
  /** The download is decoded, verified and cached; the page answers with 'use-download'. */
  | { kind: 'download-done' }
  /** Bytes of the served data/cifar10/ files so far, against the total meta.json implies. */
  | { kind: 'served-progress'; received: number; total: number };

export const GRID_SIZE = 12;
export const ENTROPY_HISTOGRAM_BINS = 24;
