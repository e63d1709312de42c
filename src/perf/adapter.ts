// What the labs' performance panels call the compute they run on (inside a worker or in Node).
import * as tf from '@tensorflow/tfjs';

export function describeTfBackend(): string {
  const backend = tf.getBackend();
  if (backend !== 'webgpu') return `TF.js ${backend} backend (no WebGPU)`;
  const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string; description?: string } }).adapterInfo;
  const parts = [info?.description, info?.vendor, info?.architecture].filter((s): s is string => !!s);
  return `WebGPU · ${parts.length ? [...new Set(parts)].join(' · ') : 'unnamed adapter'}`;
}
