// Adapter and device acquisition shared by the page and Node. Fails loudly with a reason a person can act on.

export class WebGPUUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: 'no-navigator-gpu' | 'no-adapter' | 'device-failed',
  ) {
    super(message);
    this.name = 'WebGPUUnavailableError';
  }
}

export interface GpuContext {
  device: GPUDevice;
  adapterDescription: string;
  hasTimestamps: boolean;
}

function describeAdapter(adapter: GPUAdapter): string {
  const info = adapter.info;
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter((s): s is string => typeof s === 'string' && s.length > 0);
  return parts.length > 0 ? [...new Set(parts)].join(' · ') : 'unknown WebGPU adapter';
}

/** Requests an adapter and a device with the limits our kernels want (larger storage buffers when offered). */
export async function requestGpu(gpu: GPU | undefined = globalThis.navigator?.gpu): Promise<GpuContext> {
  if (!gpu) {
    throw new WebGPUUnavailableError('This browser does not expose WebGPU (navigator.gpu is missing).', 'no-navigator-gpu');
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    throw new WebGPUUnavailableError('WebGPU is present but no GPU adapter was offered.', 'no-adapter');
  }
  const hasTimestamps = adapter.features.has('timestamp-query');
  try {
    const device = await adapter.requestDevice({
      requiredFeatures: hasTimestamps ? ['timestamp-query'] : [],
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
    return { device, adapterDescription: describeAdapter(adapter), hasTimestamps };
  } catch (e) {
    throw new WebGPUUnavailableError(`The GPU adapter refused to create a device: ${(e as Error).message}`, 'device-failed');
  }
}
