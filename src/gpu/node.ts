// Node-only: gives Node a real WebGPU (Dawn, from the `webgpu` package) so the same kernels and
// TF.js's WebGPU backend run headless in tests, experiments and benchmarks. Never imported by the page.
import { existsSync } from 'node:fs';
import { create, globals } from 'webgpu';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Installs `navigator.gpu` (and the GPU* globals TF.js expects). Idempotent. */
export function installNodeWebGPU(): GPU {
  const g = globalThis as unknown as { navigator?: { gpu?: GPU } };
  if (g.navigator?.gpu) return g.navigator.gpu;
  // Machines without a GPU driver use Chromium's SwiftShader Vulkan ICD (a CPU implementation).
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  Object.assign(globalThis, globals);
  const gpu = create([]) as GPU;
  if (g.navigator) {
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  } else {
    g.navigator = { gpu };
  }
  return gpu;
}
