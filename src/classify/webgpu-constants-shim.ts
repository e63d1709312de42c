// Imported first by the worker: src/era reads WebGPU's flag constants when its modules load, and a
// browser without WebGPU lacks them, which would stop the worker before it can fall back to TF.js's
// CPU backend. The values are fixed by the WebGPU specification.
const g = globalThis as Record<string, unknown>;
g.GPUBufferUsage ??= {
  MAP_READ: 0x1, MAP_WRITE: 0x2, COPY_SRC: 0x4, COPY_DST: 0x8, INDEX: 0x10, VERTEX: 0x20, UNIFORM: 0x40, STORAGE: 0x80, INDIRECT: 0x100, QUERY_RESOLVE: 0x200,
};
g.GPUMapMode ??= { READ: 0x1, WRITE: 0x2 };
g.GPUShaderStage ??= { VERTEX: 0x1, FRAGMENT: 0x2, COMPUTE: 0x4 };

export {};
