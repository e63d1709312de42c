// ERA, classification variant (shared/ERA.md §1), forward and backward.
//
//   p  = softmax(z)                      (max-subtracted; −∞ logits give p = 0)
//   y  = slope·p + b                     (Σ y = C = e^(H₀−1) for every p)
//   z' = h⁻¹(y),  h(x) = −x·eˣ on x ≤ −1 (official closed form, or exact Lambert W₋₁)
//   out = z' − min_j z'_j                (the min is a constant for the gradient, as released)
//
// Backward, with G = ∂L/∂out:  v_i = G_i·slope·(h⁻¹)'(y_i),  ∂L/∂z_j = p_j·(v_j − Σ_i p_i v_i).
//
// h⁻¹ is increasing, so min_j z'_j = h⁻¹(slope·p_min + b) with p_min from min_j z_j: the forward pass
// needs one read for (max, Σexp, min) and one read+write for the output. The backward pass reads
// (z, G) three times: (max, Σexp), then Σ p·v (v depends on p, so it needs the final Σexp), then the write.
//
// Two layouts of the same math:
//   *_rows_per_thread — one thread per row, for narrow rows (D up to 64, e.g. CIFAR's 10);
//   *_segmented       — SEGMENT threads per row (a power of two the host picks for D, 4…256) and
//                       256/SEGMENT rows per 256-thread workgroup, with workgroup-memory tree
//                       reductions inside each segment. Few wide segments for LLM vocabularies, many
//                       narrow ones for D ≈ 100–4000, so there are neither idle threads nor needless
//                       barrier rounds.
// Workgroups past 65535 wrap into the grid's y dimension (params.groups_x wide).

struct Params {
  rows: u32,
  d: u32,
  groups_x: u32,     // workgroups (or, per thread, threads/64) along x in the 2-D dispatch grid
  _pad2: u32,
  slope: f32,
  b: f32,
  _pad0: f32,
  _pad1: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> z: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

const GROUP_SIZE: u32 = 256u;
// Threads per row in the *_segmented layout (a power of two dividing GROUP_SIZE), set by the host.
override SEGMENT: u32 = 256u;
const THREAD_GROUP_SIZE: u32 = 64u;
// Which inverse of h, set by the host: 0 = official closed form, 1 = exact (Newton on w + ln(−w) = ln y).
// A pipeline constant rather than a uniform: a CPU adapter (SwiftShader) pays for both sides of a branch
// on a uniform, here the Newton loop's 11 logs per element, even where no invocation takes it.
override INVERSE_KIND: u32 = 0u;
// A finite stand-in for −∞ as the running max's start: exp(x − LOWEST) stays 0 for x = −∞ (no ∞ − ∞).
const LOWEST: f32 = -3.402823e38;
const NEWTON_STEPS: i32 = 5;

// ---- The inverse of h and its derivative ------------------------------------------------------

fn inverse_official(y: f32) -> f32 {
  let u = -1.0 - log(y);
  return -1.0 - sqrt(2.0 * u) - 0.75 * u;
}

// W₋₁(−y) by Newton on w + ln(−w) = ln y: well conditioned in float32 even for tiny y.
fn lambert_wm1_of_minus(y: f32) -> f32 {
  let log_y = log(y);
  var w = min(inverse_official(y), -1.0001);
  for (var i = 0; i < NEWTON_STEPS; i++) {
    let f = w + log(-w) - log_y;
    w = min(w - f * w / (w + 1.0), -1.0001);
  }
  return w;
}

fn inverse(y: f32) -> f32 {
  if (INVERSE_KIND == 1u) {
    return lambert_wm1_of_minus(y);
  }
  return inverse_official(y);
}

fn inverse_derivative(y: f32) -> f32 {
  if (INVERSE_KIND == 1u) {
    let w = lambert_wm1_of_minus(y);
    return w / (y * (1.0 + w));
  }
  // u ≥ 0.0597 for every valid H₀; the floor only keeps a bad input from dividing by zero.
  let u = max(-1.0 - log(y), 1e-12);
  return (inverseSqrt(2.0 * u) + 0.75) / y;
}

// ---- Online row statistics ----------------------------------------------------------------------

// Running max m, Σ exp(z − m), and min z.
struct Stats {
  m: f32,
  s: f32,
  zmin: f32,
}

fn merge_sum(m_a: f32, s_a: f32, m_b: f32, s_b: f32, m: f32) -> f32 {
  return s_a * exp(m_a - m) + s_b * exp(m_b - m);
}

fn forward_stats(base: u32, start: u32, stride: u32, count: u32) -> Stats {
  var st = Stats(LOWEST, 0.0, 3.402823e38);
  for (var i = start; i < count; i += stride) {
    let x = z[base + i];
    if (x > st.m) {
      st.s = st.s * exp(st.m - x) + 1.0;
      st.m = x;
    } else {
      st.s += exp(x - st.m);
    }
    st.zmin = min(st.zmin, x);
  }
  return st;
}

fn backward_v(x_p: f32, g: f32) -> f32 {
  return g * params.slope * inverse_derivative(params.slope * x_p + params.b);
}

// Σ_i p_i·v_i over this thread's share of the row (masked entries have p = 0 and add nothing).
fn backward_dot(base: u32, start: u32, stride: u32, count: u32, m: f32, inv_s: f32) -> f32 {
  var acc = 0.0;
  for (var i = start; i < count; i += stride) {
    let p = exp(z[base + i] - m) * inv_s;
    if (p > 0.0) {
      acc += p * backward_v(p, grad[base + i]);
    }
  }
  return acc;
}

fn forward_write(base: u32, start: u32, stride: u32, count: u32, st: Stats) {
  let inv_s = 1.0 / st.s;
  let shift = inverse(params.slope * exp(st.zmin - st.m) * inv_s + params.b);
  for (var i = start; i < count; i += stride) {
    let p = exp(z[base + i] - st.m) * inv_s;
    out[base + i] = inverse(params.slope * p + params.b) - shift;
  }
}

fn backward_write(base: u32, start: u32, stride: u32, count: u32, m: f32, inv_s: f32, dot: f32) {
  for (var i = start; i < count; i += stride) {
    let p = exp(z[base + i] - m) * inv_s;
    var g = 0.0;
    if (p > 0.0) {
      g = p * (backward_v(p, grad[base + i]) - dot);
    }
    out[base + i] = g;
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
  forward_write(base, 0u, 1u, params.d, forward_stats(base, 0u, 1u, params.d));
}

@compute @workgroup_size(THREAD_GROUP_SIZE)
fn backward_rows_per_thread(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = thread_row(gid);
  if (row >= params.rows) {
    return;
  }
  let base = row * params.d;
  let st = forward_stats(base, 0u, 1u, params.d);
  let inv_s = 1.0 / st.s;
  backward_write(base, 0u, 1u, params.d, st.m, inv_s, backward_dot(base, 0u, 1u, params.d, st.m, inv_s));
}

// ---- SEGMENT threads per row ---------------------------------------------------------------------

var<workgroup> red_m: array<f32, GROUP_SIZE>;
var<workgroup> red_s: array<f32, GROUP_SIZE>;
var<workgroup> red_x: array<f32, GROUP_SIZE>;

// Where this thread works: its row, its lane within the row's segment, and how many entries the row
// has for it (0 past the last row: such threads still join every barrier).
struct Slot {
  row: u32,
  lane: u32,
  count: u32,
}

fn slot(wid: vec3<u32>, lid: u32) -> Slot {
  let row = (wid.y * params.groups_x + wid.x) * (GROUP_SIZE / SEGMENT) + lid / SEGMENT;
  return Slot(row, lid % SEGMENT, select(0u, params.d, row < params.rows));
}

// Tree reduction of (max, Σexp, min) within each segment; every thread gets its row's totals.
fn reduce_stats(lid: u32, lane: u32, st: Stats) -> Stats {
  red_m[lid] = st.m;
  red_s[lid] = st.s;
  red_x[lid] = st.zmin;
  workgroupBarrier();
  for (var half = SEGMENT / 2u; half > 0u; half = half / 2u) {
    if (lane < half) {
      let m = max(red_m[lid], red_m[lid + half]);
      red_s[lid] = merge_sum(red_m[lid], red_s[lid], red_m[lid + half], red_s[lid + half], m);
      red_m[lid] = m;
      red_x[lid] = min(red_x[lid], red_x[lid + half]);
    }
    workgroupBarrier();
  }
  let head = lid - lane;
  let total = Stats(red_m[head], red_s[head], red_x[head]);
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
  let base = at.row * params.d;
  let st = reduce_stats(lid, at.lane, forward_stats(base, at.lane, SEGMENT, at.count));
  forward_write(base, at.lane, SEGMENT, at.count, st);
}

@compute @workgroup_size(GROUP_SIZE)
fn backward_segmented(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let at = slot(wid, lid);
  let base = at.row * params.d;
  let st = reduce_stats(lid, at.lane, forward_stats(base, at.lane, SEGMENT, at.count));
  let inv_s = 1.0 / st.s;
  let dot = reduce_sum(lid, at.lane, backward_dot(base, at.lane, SEGMENT, at.count, st.m, inv_s));
  backward_write(base, at.lane, SEGMENT, at.count, st.m, inv_s, dot);
}
