// Node entry points (runners, bench): the TF.js backend by name, 'webgpu' (Dawn, real WGSL) or 'cpu'.
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './backend.ts';
import { installNodeWebGPU } from './node.ts';

export type { BackendName };

export async function initBackend(name: BackendName): Promise<string> {
  if (name === 'webgpu') {
    installNodeWebGPU();
    // The WebGPU backend registers itself on import only if navigator.gpu already exists.
    await import('@tensorflow/tfjs-backend-webgpu');
  }
  if (!(await tf.setBackend(name))) throw new Error(`could not initialise the TF.js '${name}' backend`);
  await tf.ready();
  return tf.getBackend();
}

/** The current TF.js backend's adapter in words ("vendor · architecture · description"), as the bench reports it. */
export function adapterDescription(): string {
  const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string; description?: string } }).adapterInfo;
  return (
    [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' · ') ||
    (tf.getBackend() === 'webgpu' ? 'unknown adapter' : `TF.js ${tf.getBackend()} backend`)
  );
}
