// The ERA WGSL kernels on the engine's own GPUDevice, on plain arrays (src/era/device-kernels.ts): what the
// Explore lab computes with. No TF.js here or below, so the Explore route never loads it. Each call reports
// how many compute dispatches it recorded, counted where they are encoded (a thin wrapper around the device),
// so the page can say which WGSL ran instead of trusting a plan.
import { type EraDeviceKernels, createEraDeviceKernels } from '../../era/device-kernels.ts';
import { engineDevice } from './engine.ts';

/** A view of `target` whose methods run on `target` itself (WebGPU objects reject foreign `this`), except `overrides`. */
function withOverrides<T extends object>(target: T, overrides: Record<string, unknown>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (typeof prop === 'string' && Object.hasOwn(overrides, prop)) return overrides[prop];
      const v: unknown = Reflect.get(t, prop, t);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

/** `device`, but every `dispatchWorkgroups` on a compute pass of its command encoders calls `onDispatch` first. */
function countingDevice(device: GPUDevice, onDispatch: () => void): GPUDevice {
  return withOverrides(device, {
    createCommandEncoder: (descriptor?: GPUCommandEncoderDescriptor) => {
      const encoder = device.createCommandEncoder(descriptor);
      return withOverrides(encoder, {
        beginComputePass: (passDescriptor?: GPUComputePassDescriptor) => {
          const pass = encoder.beginComputePass(passDescriptor);
          return withOverrides(pass, {
            dispatchWorkgroups: (...args: Parameters<GPUComputePassEncoder['dispatchWorkgroups']>) => {
              onDispatch();
              pass.dispatchWorkgroups(...args);
            },
          });
        },
      });
    },
  });
}

interface DeviceKernels {
  device: GPUDevice;
  kernels: EraDeviceKernels;
  dispatches: number;
  /** Calls run one after another, so each one's dispatch count is its own (the panels compute concurrently). */
  tail: Promise<unknown>;
}

let current: DeviceKernels | null = null;

function kernelsForEngine(): DeviceKernels {
  const engine = engineDevice();
  if (!engine) throw new Error('WebGPU is not ready (no engine device)');
  if (current?.device !== engine.device) {
    const entry: DeviceKernels = { device: engine.device, kernels: null as unknown as EraDeviceKernels, dispatches: 0, tail: Promise.resolve() };
    // Pipelines are compiled once per (wrapped) device: one wrapper per engine device, made here only.
    entry.kernels = createEraDeviceKernels(countingDevice(engine.device, () => entry.dispatches++));
    current = entry;
  }
  return current;
}

/**
 * Runs `fn` with the ERA kernels on the engine's current device and returns its value with the number of
 * WGSL dispatches it recorded. Throws when the engine has no WebGPU device (CPU reference, or recovering).
 */
export function runEraKernels<T>(fn: (kernels: EraDeviceKernels) => Promise<T>): Promise<{ value: T; wgslDispatches: number }> {
  const entry = kernelsForEngine();
  const run = entry.tail.then(async () => {
    const before = entry.dispatches;
    const value = await fn(entry.kernels);
    return { value, wgslDispatches: entry.dispatches - before };
  });
  entry.tail = run.catch(() => undefined);
  return run;
}
