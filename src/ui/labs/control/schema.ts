// The Control lab's settings, declared once: the panel, the URL (#/control?…) and `ControlSettings`
// (what the worker and the session take) all come from this schema. DOM-free and TF.js-free.
import { ERA_DISTRIBUTIONS } from '../../../control/agents/types.ts';
import { ENV_NAMES } from '../../../control/envs/index.ts';
import { type StateOf, defaults, defineSchema } from '../../state/schema.ts';

/** Warm-up that lets each environment's random exploration find its reward (only mountain car needs more). */
export const WARMUP_FOR_ENV: Partial<Record<(typeof ENV_NAMES)[number], { warmup: number; warmupHold: number }>> = {
  'mountain-car': { warmup: 5000, warmupHold: 25 },
};

export const controlSchema = defineSchema(
  [
    {
      kind: 'number',
      name: 'targetEntropyPerDim',
      group: 'era',
      apply: 'live',
      label: 'H₀/D (ERA target entropy per dimension)',
      ascii: 'H0 per dimension',
      help: 'SAC-ERA holds the Gaussian entropy at H₀ = D × this on every state (released default 0.25).',
      default: 0.25,
      min: -2,
      max: 1.4,
      step: 0.05,
    },
    {
      kind: 'enum',
      name: 'distribution',
      group: 'era',
      apply: 'reset',
      label: 'ERA action distribution',
      help: 'Released: a normal at tanh(μ) truncated to (−1, 1), sampled by inverse CDF. Alternatives: a tanh-squashed Gaussian, or clamped-normal: tanh(μ) + σε clamped to (−1, 1) with a straight-through gradient (DrQ-v2 style; mass piles up at ±1).',
      options: ERA_DISTRIBUTIONS,
      default: 'truncated-normal',
    },
    { kind: 'enum', name: 'deltaMode', group: 'era', apply: 'reset', label: 'δ mode', ascii: 'delta mode', help: 'δ raises the Gaussian target to offset squashing; auto tunes it toward H₀ for the executed actions.', options: ['constant', 'auto'], default: 'constant' },
    { kind: 'number', name: 'delta', group: 'era', apply: 'live', label: 'δ (squash compensation)', ascii: 'delta', help: 'Added to H₀ inside ERA (constant, or the start of auto-tuning).', default: 0, min: 0, max: 5, step: 0.05 },
    { kind: 'number', name: 'lr', group: 'optimisation', apply: 'reset', label: 'lr (learning rate)', ascii: 'learning rate', help: 'Adam, for actor, critics and α.', default: 1e-3, min: 0.00001, max: 0.01, step: 0.0001 },
    { kind: 'int', name: 'budget', group: 'optimisation', apply: 'live', label: 'Step budget (0 = none)', ascii: 'step budget', help: 'Training pauses after this many environment steps per agent.', default: 20_000, min: 0, max: 1_000_000, step: 1000 },
    {
      kind: 'enum',
      name: 'env',
      group: 'data',
      apply: 'reset',
      label: 'Environment',
      help: '2-D point-mass reach (the default: 2 action dimensions, so ERA has entropy to allocate), an N-link reacher, pendulum swing-up (1 action dimension: ERA’s σ is then a constant) or continuous mountain car (its warm-up becomes 5000 steps of actions held 25 steps, so random exploration finds the flag).',
      options: ENV_NAMES,
      // D ≥ 2: with one action dimension softmax over it is 1, so ERA's σ is a constant (see PENDULUM_NOTE).
      default: 'point-mass',
    },
    { kind: 'int', name: 'links', group: 'data', apply: 'reset', label: 'N (reacher links = action dims D)', ascii: 'links', help: 'Reacher only: how many joints, i.e. the action dimension D.', default: 4, min: 2, max: 8, step: 1, when: (s) => s.env === 'reacher' },
    { kind: 'int', name: 'seed', group: 'data', apply: 'reset', label: 'Seed', help: 'Both agents start from the same seed.', default: 0, min: 0, max: 9999, step: 1 },
    { kind: 'int', name: 'episodeSteps', group: 'data', apply: 'reset', label: 'Episode steps (0 = standard)', help: 'Override the time limit (shorter episodes chart sooner).', default: 0, min: 0, max: 1000, step: 10 },
    { kind: 'int', name: 'hidden', group: 'advanced', apply: 'reset', label: 'Hidden units (2 layers)', help: 'Width of every MLP (actor and both critics).', default: 32, min: 8, max: 256, step: 8 },
    { kind: 'int', name: 'batch', group: 'advanced', apply: 'reset', label: 'Batch size', help: 'Transitions per gradient step.', default: 64, min: 8, max: 512, step: 8 },
    { kind: 'int', name: 'warmup', group: 'advanced', apply: 'reset', label: 'Warm-up steps', help: 'Random actions before learning starts.', default: 1000, min: 0, max: 10000, step: 100 },
    { kind: 'int', name: 'warmupHold', group: 'advanced', apply: 'reset', label: 'Warm-up action hold (steps)', help: 'Each random warm-up action is held this long. Mountain car needs ~25 (with ~5000 warm-up steps): i.i.d. random actions never reach its flag.', default: 1, min: 1, max: 200, step: 1 },
    { kind: 'number', name: 'gamma', group: 'advanced', apply: 'reset', label: 'γ (discount)', ascii: 'gamma', help: 'Discount of future reward.', default: 0.99, min: 0.5, max: 0.999, step: 0.001 },
    { kind: 'number', name: 'tau', group: 'advanced', apply: 'reset', label: 'τ (Polyak rate)', ascii: 'tau', help: 'Target-critic averaging rate.', default: 0.005, min: 0.001, max: 1, step: 0.001 },
    { kind: 'enum', name: 'backend', group: 'advanced', apply: 'reset', label: 'TF.js backend', help: 'Tiny networks and one action per step: the CPU backend is usually faster; WebGPU runs ERA in our WGSL kernels.', options: ['cpu', 'webgpu'], default: 'cpu' },
  ],
  {
    // Picking mountain car (or a link to it) brings its exploring warm-up; a warm-up set by hand is kept.
    derivedDefaults: { keys: ['warmup', 'warmupHold'], values: (s) => WARMUP_FOR_ENV[s.env] ?? {} },
  },
);

/**
 * Shown when env = pendulum. With D = 1, ERA's softmax over one dimension is 1: ln σ = ln σ_max + k with
 * k = H₀ − ln√(2πe) − ln σ_max, so σ = exp(0.25 − 1.4189) = 0.311 on every state with zero gradient.
 */
export const PENDULUM_NOTE =
  'Pendulum has one action dimension: softmax over one dimension is 1, so ERA’s σ is a constant (0.311 at H₀/D = 0.25) with zero gradient, and SAC-ERA here is a fixed-noise agent. ERA allocates entropy across dimensions only when D ≥ 2 (point mass, reacher).';

/** The lab's settings, as the worker and the session take them. */
export type ControlSettings = StateOf<typeof controlSchema.specs>;

export const CONTROL_DEFAULTS: ControlSettings = defaults(controlSchema);
