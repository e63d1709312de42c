// Profiles one training step for the labs' performance panels: wall time, total GPU time, and the GPU
// time of each ERA kernel, from TF.js's timestamp-query profiling (our bridge times its dispatches in
// the same way, labelled `era_<family>.<entry>`). Without timestamp queries the GPU figures are null.
import * as tf from '@tensorflow/tfjs';

export interface StepProfile {
  wallMs: number;
  /** Sum of GPU time of every kernel in the step, or null without timestamp queries. */
  gpuMs: number | null;
  /** GPU time per ERA kernel label (summed over its dispatches in the step), or null. */
  eraKernels: Array<{ name: string; ms: number }> | null;
}

export function timestampsAvailable(): boolean {
  return tf.getBackend() === 'webgpu' && !!(tf.backend() as unknown as { supportTimestampQuery?: boolean }).supportTimestampQuery;
}

/** Parses TF.js's "Name: ms, Name: ms" profile string into ERA kernel totals. */
export function eraKernelTimes(extraProfileInfo: string): Array<{ name: string; ms: number }> {
  const totals = new Map<string, number>();
  for (const part of extraProfileInfo.split(', ')) {
    const at = part.lastIndexOf(': ');
    if (at < 0) continue;
    const name = part.slice(0, at);
    const ms = Number(part.slice(at + 2));
    if (name.startsWith('era_') && Number.isFinite(ms)) totals.set(name, (totals.get(name) ?? 0) + ms);
  }
  return [...totals].map(([name, ms]) => ({ name, ms }));
}

/**
 * Runs `step` (synchronous TF.js work returning tensors it hands over) under tf.time and disposes what it
 * returns. Profiling splits every kernel into its own pass, so call this every few steps, not every step.
 */
export async function profileStep(step: () => tf.TensorContainer): Promise<StepProfile> {
  const timestamps = timestampsAvailable();
  let out: tf.TensorContainer = [];
  const t0 = performance.now();
  const info = await tf.time(() => {
    out = step();
  });
  const wallMs = performance.now() - t0;
  tf.dispose(out);
  if (!timestamps) return { wallMs, gpuMs: null, eraKernels: null };
  const extra = (info as tf.TimingInfo & { getExtraProfileInfo?: () => string }).getExtraProfileInfo?.() ?? '';
  return { wallMs, gpuMs: info.kernelMs as number, eraKernels: eraKernelTimes(extra) };
}
