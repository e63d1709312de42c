// Timing helpers shared by the bench's cases: medians, quartiles and the fence that makes wall time
// cover the GPU work a step queued.
import * as tf from '@tensorflow/tfjs';

export function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

/** The q-quantile of xs by linear interpolation between order statistics (q = 0.5 is the median). */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = q * (s.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo] + (s[hi] - s[lo]) * (at - lo);
}

/**
 * Submits what the webgpu backend has recorded and waits for the device's queue to drain (a no-op on the
 * cpu backend). The open compute pass must end first: submitting its encoder mid-pass is a validation
 * error that drops the recorded work (for example an optimiser's last update).
 */
export async function fence(): Promise<void> {
  const b = tf.backend() as unknown as { submitQueue?: () => void; endComputePassEncoder?: () => void; device?: GPUDevice; commandEncoder?: unknown };
  if (b.commandEncoder && b.submitQueue) {
    b.endComputePassEncoder?.();
    b.submitQueue();
  }
  await b.device?.queue.onSubmittedWorkDone();
}

/** Fenced wall time of one call of `f`. */
export async function fencedMs(f: () => Promise<unknown>): Promise<number> {
  await fence();
  const t0 = performance.now();
  await f();
  await fence();
  return performance.now() - t0;
}
