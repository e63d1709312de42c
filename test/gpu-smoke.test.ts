import { describe, expect, it } from 'vitest';
import { requestGpu } from '../src/gpu/device.ts';

describe('WebGPU in Node', () => {
  it('gets a real adapter and runs a compute dispatch', async () => {
    const { device, adapterDescription } = await requestGpu();
    expect(adapterDescription.length).toBeGreaterThan(0);
    const module = device.createShaderModule({
      code: `@group(0) @binding(0) var<storage, read_write> v: array<f32>;
             @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
               if (id.x < arrayLength(&v)) { v[id.x] = v[id.x] * 2.0 + 1.0; } }`,
    });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const data = new Float32Array(100).map((_, i) => i);
    const buf = device.createBuffer({ size: data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buf, 0, data);
    const read = device.createBuffer({ size: data.byteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] }));
    pass.dispatchWorkgroups(2);
    pass.end();
    enc.copyBufferToBuffer(buf, 0, read, 0, data.byteLength);
    device.queue.submit([enc.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(read.getMappedRange().slice(0));
    expect(out[0]).toBe(1);
    expect(out[99]).toBe(199);
    device.destroy();
  });
});
