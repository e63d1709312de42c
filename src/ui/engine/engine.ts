// The page's compute engine: a WebGPU device (the Explore lab runs our ERA WGSL kernels on it through
// ./era-kernels.ts, on plain arrays), or the float64 CPU reference where WebGPU is missing. A lost device is
// replaced by a new one in place, so the page keeps its settings; labs re-run when `generation` changes.
// No TF.js here nor in the Explore lab: it would put a megabyte on their pages. Training labs load it in
// their own workers.

export type EngineProblem = 'no-navigator-gpu' | 'no-adapter' | 'device-failed' | 'device-lost';

export interface EngineState {
  phase: 'starting' | 'ready' | 'recovering';
  kind: 'webgpu' | 'cpu-reference';
  /** Header readout: the adapter's description, or "CPU reference". */
  description: string;
  /** Why WebGPU is not in use (null when it is). */
  problem: EngineProblem | null;
  detail: string;
  /** Bumped each time a device is (re)created: computations from an older generation are stale. */
  generation: number;
  /** How many lost devices were replaced since load. */
  recoveries: number;
}

let state: EngineState = {
  phase: 'starting',
  kind: 'cpu-reference',
  description: 'starting…',
  problem: null,
  detail: '',
  generation: 0,
  recoveries: 0,
};
const listeners = new Set<() => void>();
let device: GPUDevice | null = null;
let adapterInfo: GPUAdapterInfo | undefined;
let starting: Promise<void> | null = null;

function set(patch: Partial<EngineState>): void {
  state = { ...state, ...patch };
  listeners.forEach((l) => l());
}

export function engineState(): EngineState {
  return state;
}

/** The current device and its adapter's info (null without WebGPU or while recovering). */
export function engineDevice(): { device: GPUDevice; adapterInfo: GPUAdapterInfo | undefined } | null {
  return device ? { device, adapterInfo } : null;
}

export function subscribeEngine(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

function describeAdapter(info: GPUAdapterInfo | undefined): string {
  const parts = [info?.description, info?.vendor, info?.architecture, info?.device].filter((s): s is string => typeof s === 'string' && s.length > 0);
  return parts.length > 0 ? `WebGPU · ${[...new Set(parts)].join(' · ')}` : 'WebGPU · unnamed adapter';
}

async function createDevice(): Promise<{ device: GPUDevice; info: GPUAdapterInfo; description: string }> {
  const gpu = globalThis.navigator?.gpu;
  if (!gpu) throw Object.assign(new Error('navigator.gpu is missing'), { problem: 'no-navigator-gpu' as const });
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw Object.assign(new Error('requestAdapter() returned null'), { problem: 'no-adapter' as const });
  // The adapter's full limits for what our kernels use (the set TF.js's own factory asks for), so large inputs fit.
  const l = adapter.limits;
  const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
  let dev: GPUDevice;
  try {
    dev = await adapter.requestDevice({
      requiredFeatures,
      requiredLimits: {
        maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
        maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
        maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
        maxBufferSize: l.maxBufferSize,
        maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
        maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      },
    });
  } catch (e) {
    throw Object.assign(new Error(`requestDevice() failed: ${(e as Error).message}`), { problem: 'device-failed' as const });
  }
  return { device: dev, info: adapter.info, description: describeAdapter(adapter.info) };
}

function switchToCpuReference(problem: EngineProblem, detail: string): void {
  // The explorer uses the float64 reference; training labs pick TF.js's CPU backend in their workers.
  set({ phase: 'ready', kind: 'cpu-reference', description: 'CPU reference', problem, detail, generation: state.generation + 1 });
}

async function start(recovering: boolean): Promise<void> {
  set({ phase: recovering ? 'recovering' : 'starting' });
  let created: Awaited<ReturnType<typeof createDevice>>;
  try {
    created = await createDevice();
  } catch (e) {
    const problem = (e as { problem?: EngineProblem }).problem ?? 'device-failed';
    switchToCpuReference(problem, (e as Error).message);
    return;
  }
  const { description } = created;
  device = created.device;
  adapterInfo = created.info;
  const mine = device;
  void mine.lost.then((info) => {
    // Only the current device matters; a device we replaced on purpose is gone by design.
    if (mine !== device) return;
    device = null;
    console.warn(`WebGPU device lost (${info.reason}): ${info.message}; creating a new one`);
    set({ recoveries: state.recoveries + 1 });
    void restartEngine(true);
  });
  set({
    phase: 'ready',
    kind: 'webgpu',
    description,
    problem: null,
    detail: '',
    generation: state.generation + 1,
  });
}

/** Starts (or restarts) the engine; concurrent calls share one attempt. */
export function restartEngine(recovering = false): Promise<void> {
  if (!starting) {
    starting = start(recovering).finally(() => {
      starting = null;
    });
  }
  return starting;
}

/** Test and demo hook: loses the current device the way a driver reset would (the page must recover). */
export function loseDeviceForTesting(): boolean {
  if (!device) return false;
  device.destroy();
  return true;
}
