// Node-only: gives Node a real WebGPU (Dawn, from the `webgpu` package) so the same kernels and
// TF.js's WebGPU backend run headless in tests, experiments and benchmarks. Never imported by the page.
import { existsSync, readdirSync } from 'node:fs';
import { create, globals } from 'webgpu';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/usr/local/nvidia/share/vulkan/icd.d'];

/**
 * Whether this machine has a hardware GPU's Vulkan driver. Mesa's ICD files are installed on machines
 * without such GPUs too (chromium pulls them in), so only an NVIDIA or AMD proprietary driver counts;
 * set ERA_SYSTEM_VULKAN=1 to use the system's drivers in any case.
 */
function hardwareVulkanDriverPresent(): boolean {
  if (process.env.ERA_SYSTEM_VULKAN === '1' || existsSync('/proc/driver/nvidia')) return true;
  return ICD_DIRS.some((dir) => {
    try {
      return readdirSync(dir).some((f) => /^(nvidia|amd_icd|amdvlk)/.test(f));
    } catch {
      return false;
    }
  });
}

/** Installs `navigator.gpu` (and the GPU* globals TF.js expects). Idempotent. */
export function installNodeWebGPU(): GPU {
  const g = globalThis as unknown as { navigator?: { gpu?: GPU } };
  if (g.navigator?.gpu) return g.navigator.gpu;
  // Machines without a Vulkan driver use Chromium's SwiftShader ICD (a CPU implementation); where the
  // system has a driver (a real GPU), Dawn uses it.
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && !hardwareVulkanDriverPresent() && existsSync(SWIFTSHADER_ICD)) {
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
