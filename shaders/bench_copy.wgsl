// A plain memory-bound kernel: the roofline proxy `npm run bench` compares each ERA kernel against.
// It moves the bytes an ERA kernel cannot avoid moving: its inputs read once, its output written once.
//   copy_one: out[i] = a[i]            (forward passes: read z, write z')
//   copy_two: out[i] = a[i] + b[i]     (backward passes: read z and G, write ∂L/∂z)

struct Params {
  n: u32,
  groups_x: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

const GROUP_SIZE: u32 = 256u;

fn index(gid: vec3<u32>) -> u32 {
  return gid.y * params.groups_x * GROUP_SIZE + gid.x;
}

@compute @workgroup_size(GROUP_SIZE)
fn copy_one(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = index(gid);
  if (i < params.n) {
    out[i] = a[i];
  }
}

@compute @workgroup_size(GROUP_SIZE)
fn copy_two(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = index(gid);
  if (i < params.n) {
    out[i] = a[i] + b[i];
  }
}
