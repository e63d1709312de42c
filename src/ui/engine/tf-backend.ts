// TF.js on the engine's device, loaded only by the code that needs it (the Explore lab's compute), so
// TF.js stays out of the first paint. A device replaced after a loss gets a fresh backend.
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { engineDevice } from './engine.ts';

let ready: { device: GPUDevice; promise: Promise<void> } | null = null;

async function register(device: GPUDevice, adapterInfo: GPUAdapterInfo | undefined): Promise<void> {
  try {
    if (tf.findBackend('webgpu')) tf.removeBackend('webgpu');
  } catch {
    // Disposing a backend whose device is already lost may throw; the new one replaces it either way.
  }
  const backend = new WebGPUBackend(device, adapterInfo);
  tf.registerBackend('webgpu', () => backend, 3);
  if (!(await tf.setBackend('webgpu'))) throw new Error('TF.js could not initialise its WebGPU backend');
}

/**
 * Makes TF.js's active backend a WebGPU backend on the engine's current device; concurrent callers share
 * one registration. Without an engine device (Node tests set their own backend) it leaves TF.js alone.
 */
export function useEngineBackend(): Promise<void> {
  const current = engineDevice();
  if (!current) return Promise.resolve();
  if (ready?.device !== current.device) ready = { device: current.device, promise: register(current.device, current.adapterInfo) };
  return ready.promise;
}
