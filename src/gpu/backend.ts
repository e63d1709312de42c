// The TF.js backend a lab trains on, picked the same way in the page's workers and in Node, and what the
// performance panels call it. The Node-only setup (Dawn) is ./node-backend.ts.
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'webgpu' | 'cpu';

/** WebGPU when the browser has it; TF.js's CPU backend otherwise (slower, same results). Returns its name. */
export async function selectWorkerBackend(): Promise<string> {
  const ok = typeof navigator !== 'undefined' && 'gpu' in navigator && (await tf.setBackend('webgpu').catch(() => false));
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

export function describeTfBackend(): string {
  const backend = tf.getBackend();
  if (backend !== 'webgpu') return `TF.js ${backend} backend (no WebGPU)`;
  const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string; description?: string } }).adapterInfo;
  const parts = [info?.description, info?.vendor, info?.architecture].filter((s): s is string => !!s);
  return `WebGPU · ${parts.length ? [...new Set(parts)].join(' · ') : 'unnamed adapter'}`;
}
