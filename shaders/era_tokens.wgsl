// ERA, token-policy (GRPO) variant (shared/ERA.md §3). Logits are [N responses, T positions, V vocab];
// response r has lengths[r] valid tokens, positions past it are left unchanged.
//
//   H_t    = entropy(softmax(z_t))                          token_entropy_*   (valid positions only)
//   H_resp = mean of the top max(1, ⌊L/5⌋) of H_t           classify_responses
//   case   = 1 (sharpen) if A > 0 and H_resp < ω_low,
//           −1 (flatten) if A > 0 and H_resp > ω_high, else 0
//   scale  = k, 1/k or 1;   A' = A / scale when advantages are rescaled
//   z'     = scale·z on valid positions                     scale_logits (also the backward pass: G·scale)
//
// Entropy from one online pass: with e_i = exp(z_i − m), S = Σe, Q = Σ e_i(z_i − m),
// H = ln S − Q/S. When the running max moves by δ = m_old − m_new every term scales by α = e^δ and
// (z_i − m) grows by δ, so S ← αS and Q ← α(Q + δS).

struct Params {
  n: u32,
  t: u32,
  v: u32,
  groups_x: u32,
  k: f32,
  omega_low: f32,
  omega_high: f32,
  scale_advantages: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;               // logits, or ∂L/∂z' backward
@group(0) @binding(2) var<storage, read> lengths: array<i32>;
@group(0) @binding(3) var<storage, read> advantages: array<f32>;
@group(0) @binding(4) var<storage, read_write> token_entropy: array<f32>;
@group(0) @binding(5) var<storage, read_write> response_entropy: array<f32>;
@group(0) @binding(6) var<storage, read_write> response_case: array<i32>;
@group(0) @binding(7) var<storage, read_write> advantages_out: array<f32>;
@group(0) @binding(8) var<storage, read_write> scale: array<f32>;
@group(0) @binding(9) var<storage, read_write> out: array<f32>;

const GROUP_SIZE: u32 = 256u;
// Threads per row in the token_entropy_segmented layout (a power of two dividing GROUP_SIZE).
override SEGMENT: u32 = 256u;
const THREAD_GROUP_SIZE: u32 = 64u;
const ELEMENT_GROUP_SIZE: u32 = 256u;
const LOWEST: f32 = -3.402823e38;
const HIGHEST: f32 = 3.402823e38;

// (m, S, Q) of the online entropy; see the header.
struct EntropyStats {
  m: f32,
  s: f32,
  q: f32,
}

fn push_logit(st: EntropyStats, xi: f32) -> EntropyStats {
  var r = st;
  if (xi > r.m) {
    let delta = r.m - xi;
    let alpha = exp(delta);
    r.q = alpha * (r.q + delta * r.s);
    r.s = alpha * r.s + 1.0;
    r.m = xi;
  } else {
    let e = exp(xi - r.m);
    if (e > 0.0) { // −∞ logits have e = 0 and would otherwise add 0·(−∞)
      r.s += e;
      r.q += e * (xi - r.m);
    }
  }
  return r;
}

fn merge_entropy(a: EntropyStats, b: EntropyStats) -> EntropyStats {
  let m = max(a.m, b.m);
  let da = a.m - m;
  let db = b.m - m;
  let ea = exp(da);
  let eb = exp(db);
  return EntropyStats(m, ea * a.s + eb * b.s, ea * (a.q + da * a.s) + eb * (b.q + db * b.s));
}

fn entropy_of(st: EntropyStats) -> f32 {
  return log(st.s) - st.q / st.s;
}

// Number of valid logits in the row (0 past the response's length: nothing to compute there).
fn valid_vocab(row: u32) -> u32 {
  let r = row / params.t;
  let pos = row % params.t;
  return select(0u, params.v, i32(pos) < lengths[r]);
}

fn row_stats(row: u32, start: u32, stride: u32) -> EntropyStats {
  var st = EntropyStats(LOWEST, 0.0, 0.0);
  let base = row * params.v;
  let count = valid_vocab(row);
  for (var i = start; i < count; i += stride) {
    st = push_logit(st, x[base + i]);
  }
  return st;
}

@compute @workgroup_size(THREAD_GROUP_SIZE)
fn token_entropy_rows_per_thread(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.y * params.groups_x * THREAD_GROUP_SIZE + gid.x;
  if (row >= params.n * params.t) {
    return;
  }
  token_entropy[row] = select(0.0, entropy_of(row_stats(row, 0u, 1u)), valid_vocab(row) > 0u);
}

var<workgroup> red_m: array<f32, GROUP_SIZE>;
var<workgroup> red_s: array<f32, GROUP_SIZE>;
var<workgroup> red_q: array<f32, GROUP_SIZE>;

// SEGMENT threads per (response, position) row, 256/SEGMENT rows per workgroup (as in era_softmax.wgsl).
@compute @workgroup_size(GROUP_SIZE)
fn token_entropy_segmented(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row = (wid.y * params.groups_x + wid.x) * (GROUP_SIZE / SEGMENT) + lid / SEGMENT;
  let lane = lid % SEGMENT;
  let in_range = row < params.n * params.t;
  // Threads past the last row compute nothing but still join every barrier.
  var st = EntropyStats(LOWEST, 0.0, 0.0);
  if (in_range) {
    st = row_stats(row, lane, SEGMENT);
  }
  red_m[lid] = st.m;
  red_s[lid] = st.s;
  red_q[lid] = st.q;
  workgroupBarrier();
  for (var half = SEGMENT / 2u; half > 0u; half = half / 2u) {
    if (lane < half) {
      let merged = merge_entropy(EntropyStats(red_m[lid], red_s[lid], red_q[lid]),
                                 EntropyStats(red_m[lid + half], red_s[lid + half], red_q[lid + half]));
      red_m[lid] = merged.m;
      red_s[lid] = merged.s;
      red_q[lid] = merged.q;
    }
    workgroupBarrier();
  }
  if (lane == 0u && in_range) {
    token_entropy[row] = select(0.0, entropy_of(EntropyStats(red_m[lid], red_s[lid], red_q[lid])), valid_vocab(row) > 0u);
  }
}

// One thread per response: H_resp by repeated selection of the next-largest distinct entropy (with
// its multiplicity), which needs no per-thread array; ⌊L/5⌋ is small and so is the number of rounds.
@compute @workgroup_size(THREAD_GROUP_SIZE)
fn classify_responses(@builtin(global_invocation_id) gid: vec3<u32>) {
  let r = gid.x;
  if (r >= params.n) {
    return;
  }
  let len = u32(lengths[r]);
  let want = max(1u, len / 5u);
  let base = r * params.t;
  var taken = 0u;
  var total = 0.0;
  var ceiling = HIGHEST;
  loop {
    if (taken >= want) { break; }
    var best = LOWEST;
    var count = 0u;
    for (var i = 0u; i < len; i++) {
      let h = token_entropy[base + i];
      if (h < ceiling) {
        if (h > best) {
          best = h;
          count = 1u;
        } else if (h == best) {
          count += 1u;
        }
      }
    }
    if (count == 0u) { break; } // only on NaN entropies: never spin
    let use_count = min(count, want - taken);
    total += best * f32(use_count);
    taken += use_count;
    ceiling = best;
  }
  let h_resp = total / f32(want);
  let a = advantages[r];
  var kase = 0;
  var s = 1.0;
  if (a > 0.0 && h_resp < params.omega_low) {
    kase = 1;
    s = params.k;
  } else if (a > 0.0 && h_resp > params.omega_high) {
    kase = -1;
    s = 1.0 / params.k;
  }
  response_entropy[r] = h_resp;
  response_case[r] = kase;
  scale[r] = s;
  advantages_out[r] = select(a, a / s, params.scale_advantages != 0u);
}

// Elementwise: valid positions times their response's scale; the rest copied. Serves forward (logits)
// and backward (the upstream gradient), since z' = scale·z is linear in z. Two grids: one workgroup row
// per (response, position) row — no division per element — while there are at most 65535 rows, and a
// flat one beyond.
@compute @workgroup_size(ELEMENT_GROUP_SIZE)
fn scale_logits_by_row(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.y;
  let col = gid.x;
  if (col >= params.v || row >= params.n * params.t) {
    return;
  }
  let r = row / params.t;
  let i = row * params.v + col;
  out[i] = select(x[i], x[i] * scale[r], i32(row - r * params.t) < lengths[r]);
}

@compute @workgroup_size(ELEMENT_GROUP_SIZE)
fn scale_logits(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.y * params.groups_x * ELEMENT_GROUP_SIZE + gid.x;
  if (i >= params.n * params.t * params.v) {
    return;
  }
  let row = i / params.v;
  let r = row / params.t;
  let pos = row - r * params.t;
  out[i] = select(x[i], x[i] * scale[r], i32(pos) < lengths[r]);
}
