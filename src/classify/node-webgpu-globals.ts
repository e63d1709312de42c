// Node-only, imported first by the classify CLI: src/era reads WebGPU constants (GPUBufferUsage, …) when
// its modules load, which Node lacks unless WebGPU was installed. The constants alone cost nothing and
// let `--backend cpu` run without creating a GPU device.
import { globals } from 'webgpu';

for (const [name, value] of Object.entries(globals)) {
  if (!(name in globalThis)) Object.assign(globalThis, { [name]: value });
}
