// The one message protocol between a lab's page and its Web Worker (plain data, never tensors). Every
// lab speaks these base messages; what only one lab needs travels as its own `lab` payload.

/** What the performance panel shows, measured in the worker (the page never times training). */
export interface PerfReport {
  /** The compute in use, e.g. "WebGPU · swiftshader" or "TF.js cpu backend (no WebGPU)". */
  adapter: string;
  /** Mean wall time of a training step over the last few seconds (null before the first step). */
  stepMs: number | null;
  /**
   * GPU time of one whole training step from timestamp queries, where the lab can measure it (null
   * otherwise). It is the only denominator an "ERA share of the step" may use.
   */
  stepGpuMs: number | null;
  /** GPU time of each ERA kernel in one step at the lab's shapes (null without timestamp queries). */
  eraKernels: Array<{ name: string; ms: number }> | null;
}

export interface LabStatus {
  running: boolean;
  /** Training steps taken (the lab's own unit: a batch, a GRPO step, a tick of environment steps). */
  step: number;
  /** The step budget (stop condition), or null for none. */
  totalSteps: number | null;
  /** No step can follow (the budget is spent, or every run diverged). */
  finished: boolean;
  /** Throughput while stepping, in `rateUnit`; null before the first step. Never 0 while running. */
  rate: number | null;
  rateUnit: string;
}

export type ToWorker<Settings, Command = never> =
  /** A fresh session with these settings (the old one is disposed). */
  | { type: 'reset'; settings: Settings }
  | { type: 'play' }
  | { type: 'pause' }
  /** One step while paused. */
  | { type: 'step' }
  /** Settings that act on the running training from its next step (the lab's `live` settings). */
  | { type: 'live'; patch: Partial<Settings> }
  | { type: 'lab'; command: Command };

export type FromWorker<Update, Payload = never> =
  | { type: 'ready'; backend: string }
  | { type: 'status'; status: LabStatus }
  | { type: 'error'; message: string }
  | { type: 'perf'; perf: PerfReport }
  /** What the steps since the last post produced (a few posts per second at most). */
  | { type: 'updates'; updates: Update[] }
  | { type: 'lab'; payload: Payload };
