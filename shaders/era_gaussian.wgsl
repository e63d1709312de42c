// ERA, Gaussian-policy variant (shared/ERA.md §2), forward and backward. μ passes through untouched
// (the host hands TF.js's μ buffer straight back), so only the log-std head runs here:
//
//   p       = softmax(σ̂)                               per row of D action dimensions
//   raw_i   = ln σ_max + k·p_i,   k = H₀ + δ − D·ln√(2πe) − D·ln σ_max   (k ≤ 0 when feasible)
//   ln σ'_i = clip(raw_i, ln σ_min, ln σ_max)
//
// Without clipping Σ ln σ' = k + D·ln σ_max, so the Gaussian's entropy is exactly H₀ + δ.
// Backward, with G = ∂L/∂ln σ':  v_i = G_i·k·[ln σ_min < raw_i < ln σ_max],
//                                ∂L/∂σ̂_j = p_j·(v_j − Σ_i p_i v_i).
//
// Layouts as in era_softmax.wgsl: one thread per row for narrow rows, SEGMENT threads per row otherwise.

struct Params {
  rows: u32,
  d: u32,
  groups_x: u32,
  _pad0: u32,
  k: f32,
  log_std_min: f32,
  log_std_max: f32,
  _pad1: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> sigma_hat: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

const GROUP_SIZE: u32 = 256u;
// Threads per row in the *_segmented layout (a power of two dividing GROUP_SIZE), set by the host.
override SEGMENT: u32 = 256u;
const THREAD_GROUP_SIZE: u32 = 64u;
const LOWEST: f32 = -3.402823e38;

// Running max and Σ exp(σ̂ − max) over this thread's share of a row.
fn softmax_stats(base: u32, start: u32, stride: u32, count: u32) -> vec2<f32> {
  var m = LOWEST;
  var s = 0.0;
  for (var i = start; i < count; i += stride) {
    let x = sigma_hat[base + i];
    if (x > m) {
      s = s * exp(m - x) + 1.0;
      m = x;
    } else {
      s += exp(x - m);
    }
  }
  return vec2<f32>(m, s);
}

fn raw_log_std(p: f32) -> f32 {
  return params.log_std_max + params.k * p;
}

// v_i: the upstream gradient through the clip, times k.
fn clipped_v(p: f32, g: f32) -> f32 {
  let raw = raw_log_std(p);
  return select(0.0, g * params.k, raw > params.log_std_min && raw < params.log_std_max);
}

fn forward_write(base: u32, start: u32, stride: u32, count: u32, m: f32, inv_s: f32) {
  for (var i = start; i < count; i += stride) {
    let p = exp(sigma_hat[base + i] - m) * inv_s;
    out[base + i] = clamp(raw_log_std(p), params.log_std_min, params.log_std_max);
  }
}

fn backward_dot(base: u32, start: u32, stride: u32, count: u32, m: f32, inv_s: f32) -> f32 {
  var acc = 0.0;
  for (var i = start; i < count; i += stride) {
    let p = exp(sigma_hat[base + i] - m) * inv_s;
    acc += p * clipped_v(p, grad[base + i]);
  }
  return acc;
}

fn backward_write(base: u32, start: u32, stride: u32, count: u32, m: f32, inv_s: f32, dot: f32) {
  for (var i = start; i < count; i += stride) {
    let p = exp(sigma_hat[base + i] - m) * inv_s;
    out[base + i] = p * (clipped_v(p, grad[base + i]) - dot);
  }
}

// ---- One thread per row ---------------------------------------------------------------------------

fn thread_row(gid: vec3<u32>) -> u32 {
  return gid.y * params.groups_x * THREAD_GROUP_SIZE + gid.x;
}

@compute @workgroup_size(THREAD_GROUP_SIZE)
fn forward_rows_per_thread(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = thread_row(gid);
  if (row >= params.rows) {
    return;
  }
  let base = row * params.d;
  let st = softmax_stats(base, 0u, 1u, params.d);
  forward_write(base, 0u, 1u, params.d, st.x, 1.0 / st.y);
}

@compute @workgroup_size(THREAD_GROUP_SIZE)
fn backward_rows_per_thread(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = thread_row(gid);
  if (row >= params.rows) {
    return;
  }
  let base = row * params.d;
  let st = softmax_stats(base, 0u, 1u, params.d);
  let inv_s = 1.0 / st.y;
  backward_write(base, 0u, 1u, params.d, st.x, inv_s, backward_dot(base, 0u, 1u, params.d, st.x, inv_s));
}

// ---- SEGMENT threads per row ---------------------------------------------------------------------

var<workgroup> red_m: array<f32, GROUP_SIZE>;
var<workgroup> red_s: array<f32, GROUP_SIZE>;

// This thread's row, lane in the row's segment, and entry count (0 past the last row, which still
// joins every barrier).
fn slot(wid: vec3<u32>, lid: u32) -> vec3<u32> {
  let row = (wid.y * params.groups_x + wid.x) * (GROUP_SIZE / SEGMENT) + lid / SEGMENT;
  return vec3<u32>(row, lid % SEGMENT, select(0u, params.d, row < params.rows));
}

fn reduce_softmax_stats(lid: u32, lane: u32, st: vec2<f32>) -> vec2<f32> {
  red_m[lid] = st.x;
  red_s[lid] = st.y;
  workgroupBarrier();
  for (var half = SEGMENT / 2u; half > 0u; half = half / 2u) {
    if (lane < half) {
      let m = max(red_m[lid], red_m[lid + half]);
      red_s[lid] = red_s[lid] * exp(red_m[lid] - m) + red_s[lid + half] * exp(red_m[lid + half] - m);
      red_m[lid] = m;
    }
    workgroupBarrier();
  }
  let total = vec2<f32>(red_m[lid - lane], red_s[lid - lane]);
  workgroupBarrier();
  return total;
}

fn reduce_sum(lid: u32, lane: u32, v: f32) -> f32 {
  red_s[lid] = v;
  workgroupBarrier();
  for (var half = SEGMENT / 2u; half > 0u; half = half / 2u) {
    if (lane < half) {
      red_s[lid] += red_s[lid + half];
    }
    workgroupBarrier();
  }
  let total = red_s[lid - lane];
  workgroupBarrier();
  return total;
}

@compute @workgroup_size(GROUP_SIZE)
fn forward_segmented(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let at = slot(wid, lid);
  let base = at.x * params.d;
  let st = reduce_softmax_stats(lid, at.y, softmax_stats(base, at.y, SEGMENT, at.z));
  forward_write(base, at.y, SEGMENT, at.z, st.x, 1.0 / st.y);
}

@compute @workgroup_size(GROUP_SIZE)
fn backward_segmented(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let at = slot(wid, lid);
  let base = at.x * params.d;
  let st = reduce_softmax_stats(lid, at.y, softmax_stats(base, at.y, SEGMENT, at.z));
  let inv_s = 1.0 / st.y;
  let dot = reduce_sum(lid, at.y, backward_dot(base, at.y, SEGMENT, at.z, st.x, inv_s));
  backward_write(base, at.y, SEGMENT, at.z, st.x, inv_s, dot);
}
