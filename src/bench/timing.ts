// Timing helpers shared by the benches: the median, and a fence that waits for the device's queue.
import * as tf from '@tensorflow/tfjs';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Submits what the webgpu backend has recorded and waits for the device's queue to drain (a no-op on the
 * cpu backend). The open compute pass must end first: submitting its encoder mid-pass is a validation
 * error that drops the recorded work (here, the optimiser's last update).
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
