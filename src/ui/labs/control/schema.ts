// The Control lab's settings: one list that drives the controls, validates the URL and writes it back.
// (Self-contained until the shared schema in src/ui/state lands on main.) No DOM here.
import { ENV_NAMES } from '../../../control/envs/index.ts';
import { type ControlLabConfig, DEFAULT_LAB_CONFIG } from '../../../control/protocol.ts';

interface Common {
  key: keyof ControlLabConfig;
  label: string;
  help: string;
  advanced?: boolean;
}
export type ControlSpec =
  | (Common & { kind: 'number'; min: number; max: number; step: number; integer?: boolean })
  | (Common & { kind: 'enum'; options: readonly string[] });

export const CONTROL_SPECS: readonly ControlSpec[] = [
  { key: 'env', kind: 'enum', options: ENV_NAMES, label: 'Environment', help: 'Pendulum swing-up, continuous mountain car (its warm-up becomes 5000 steps of actions held 25 steps, so random exploration finds the flag), 2-D point-mass reach or an N-link reacher.' },
  { key: 'links', kind: 'number', min: 2, max: 8, step: 1, integer: true, label: 'Reacher links N (= action dims D)', help: 'Reacher only: how many joints, i.e. the action dimension D.' },
  { key: 'seed', kind: 'number', min: 0, max: 9999, step: 1, integer: true, label: 'Seed', help: 'Both agents start from the same seed.' },
  { key: 'targetEntropyPerDim', kind: 'number', min: -2, max: 1.4, step: 0.05, label: 'ERA target entropy per dim (H₀/D)', help: 'SAC-ERA holds the Gaussian entropy at D times this (released default 0.25).' },
  { key: 'distribution', kind: 'enum', options: ['truncated-normal', 'tanh-normal'], label: 'ERA action distribution', help: 'Released: normal at tanh(μ) truncated to (−1, 1). Alternative: tanh-squashed Gaussian.' },
  { key: 'deltaMode', kind: 'enum', options: ['constant', 'auto'], label: 'δ mode', help: 'δ raises the Gaussian target to offset squashing; auto-tunes it toward H₀ for the executed actions.' },
  { key: 'delta', kind: 'number', min: 0, max: 5, step: 0.05, label: 'δ (constant / start)', help: 'Added to H₀ inside ERA.' },
  { key: 'hidden', kind: 'number', min: 8, max: 256, step: 8, integer: true, label: 'Hidden units (2 layers)', help: 'Width of every MLP (actor and both critics).', advanced: true },
  { key: 'batch', kind: 'number', min: 8, max: 512, step: 8, integer: true, label: 'Batch size', help: 'Transitions per gradient step.', advanced: true },
  { key: 'lr', kind: 'number', min: 0.00001, max: 0.01, step: 0.0001, label: 'Learning rate', help: 'Adam, for actor, critics and α.', advanced: true },
  { key: 'warmup', kind: 'number', min: 0, max: 10000, step: 100, integer: true, label: 'Warm-up steps', help: 'Random actions before learning starts.', advanced: true },
  { key: 'warmupHold', kind: 'number', min: 1, max: 200, step: 1, integer: true, label: 'Warm-up action hold (steps)', help: 'Each random warm-up action is held this long. Mountain car needs ~25 (with ~5000 warm-up steps): i.i.d. random actions never reach its flag.', advanced: true },
  { key: 'gamma', kind: 'number', min: 0.5, max: 0.999, step: 0.001, label: 'Discount γ', help: 'Discount of future reward.', advanced: true },
  { key: 'tau', kind: 'number', min: 0.001, max: 1, step: 0.001, label: 'Polyak τ', help: 'Target-critic averaging rate.', advanced: true },
  { key: 'episodeSteps', kind: 'number', min: 0, max: 1000, step: 10, integer: true, label: 'Episode steps (0 = standard)', help: 'Override the time limit (shorter episodes chart sooner).', advanced: true },
  { key: 'backend', kind: 'enum', options: ['cpu', 'webgpu'], label: 'TF.js backend', help: 'Tiny networks and one action per step: the CPU backend is usually faster; WebGPU runs ERA in our WGSL kernels.', advanced: true },
];

/** Warm-up that lets each environment's random exploration find its reward (only mountain car needs more). */
const WARMUP_FOR_ENV: Partial<Record<ControlLabConfig['env'], Pick<ControlLabConfig, 'warmup' | 'warmupHold'>>> = {
  'mountain-car': { warmup: 5000, warmupHold: 25 },
};

/**
 * The config after the user picks another environment. A warm-up still at the previous environment's
 * recommendation follows to the new one's (mountain car: 5000 steps, actions held 25 steps); one the
 * user set by hand is kept.
 */
export function withEnv(config: ControlLabConfig, env: ControlLabConfig['env']): ControlLabConfig {
  const recommended = (e: ControlLabConfig['env']) => WARMUP_FOR_ENV[e] ?? { warmup: DEFAULT_LAB_CONFIG.warmup, warmupHold: DEFAULT_LAB_CONFIG.warmupHold };
  const before = recommended(config.env);
  const untouched = config.warmup === before.warmup && config.warmupHold === before.warmupHold;
  return { ...config, env, ...(untouched ? recommended(env) : {}) };
}

/** Reads the settings from URL parameters; out-of-range or malformed values fall back to defaults. */
export function configFromParams(params: URLSearchParams): { config: ControlLabConfig; notices: string[] } {
  const config: Record<string, unknown> = { ...DEFAULT_LAB_CONFIG };
  const notices: string[] = [];
  for (const spec of CONTROL_SPECS) {
    const raw = params.get(spec.key);
    if (raw === null) continue;
    if (spec.kind === 'enum') {
      if (spec.options.includes(raw)) config[spec.key] = raw;
      else notices.push(`${spec.key}: '${raw.slice(0, 24)}' is not one of ${spec.options.join(', ')}; using ${String(config[spec.key])}`);
    } else {
      const n = Number(raw);
      const ok = raw.trim() !== '' && Number.isFinite(n) && n >= spec.min && n <= spec.max && (!spec.integer || Number.isInteger(n));
      if (ok) config[spec.key] = n;
      else notices.push(`${spec.key}: '${raw.slice(0, 24)}' is outside [${spec.min}, ${spec.max}]; using ${String(config[spec.key])}`);
    }
  }
  // A link that names the environment but no warm-up gets that environment's recommended one.
  const parsed = config as unknown as ControlLabConfig;
  const warmup = params.has('warmup') || params.has('warmupHold') ? {} : withEnv({ ...parsed, env: DEFAULT_LAB_CONFIG.env }, parsed.env);
  return { config: { ...parsed, ...warmup }, notices };
}

/** Writes only the settings that differ from the defaults (short, readable links). */
export function paramsFromConfig(config: ControlLabConfig): URLSearchParams {
  const p = new URLSearchParams();
  for (const spec of CONTROL_SPECS) {
    const v = config[spec.key];
    if (v !== DEFAULT_LAB_CONFIG[spec.key]) p.set(spec.key, String(v));
  }
  return p;
}
