// The Explore lab's settings: one schema for its three panels (URL keys are short; labels carry symbols).
import { LN_SQRT_2PI_E, validH0Interval } from '../../../era/params.ts';
import { type StateOf, defineSchema } from '../../state/schema.ts';

/** Keeps H₀ strictly inside ERA's open valid interval (its edges give NaN or a flipped ranking). */
export const H0_EDGE_MARGIN = 0.005;

export function classificationH0Range(d: number): { min: number; max: number } {
  const { min, max } = validH0Interval(d);
  return { min: min + H0_EDGE_MARGIN, max: max - H0_EDGE_MARGIN };
}

/** Gaussian H₀ from "every σ at σ_min" to the feasibility bound D·(ln σ_max + ln√(2πe)) − δ. */
export function gaussianH0Range(d: number, delta: number, logStdMin: number, logStdMax: number): { min: number; max: number } {
  return { min: d * (logStdMin + LN_SQRT_2PI_E), max: d * (logStdMax + LN_SQRT_2PI_E) - delta };
}

const num = (s: Readonly<Record<string, unknown>>, k: string) => s[k] as number;

export const exploreSchema = defineSchema(
  [
    // Classification
    { kind: 'int', name: 'd', group: 'data', apply: 'live', label: 'D (classes)', ascii: 'D classes', help: 'Number of classes.', default: 10, min: 2, max: 1000, step: 1 },
    {
      kind: 'number',
      name: 'h0', group: 'era', apply: 'live',
      label: 'H₀ (target entropy)',
      ascii: 'H0',
      help: 'ERA guarantees the output entropy stays at or above H₀. Its valid range depends on D.',
      default: 0.6,
      min: validH0Interval(2).min,
      max: validH0Interval(1000).max,
      step: 0.01,
      range: (s) => classificationH0Range(num(s, 'd')),
    },
    { kind: 'number', name: 'temp', group: 'data', apply: 'live', label: 'T (temperature)', ascii: 'temperature', help: 'Logits are divided by T before softmax: small T sharpens.', default: 1, min: 0.05, max: 10, step: 0.05 },
    {
      kind: 'enum',
      name: 'inv', group: 'advanced', apply: 'live',
      label: 'h⁻¹ (inverse)',
      ascii: 'inverse',
      help: 'official: the released closed form; exact: Lambert W₋₁ by iteration.',
      options: ['official', 'exact'],
      default: 'official',
    },
    { kind: 'int', name: 'seed', group: 'advanced', apply: 'live', label: 'seed (logits)', ascii: 'logits seed', help: 'Seed of the random example logits.', default: 1, min: 0, max: 999999, step: 1 },
    { kind: 'list', name: 'z', group: 'data', apply: 'live', label: 'z (logits)', ascii: 'logits', help: 'Explicit logits, one per class.', minLength: 2, maxLength: 1000, min: -20, max: 20, decimals: 2 },

    // Gaussian
    { kind: 'int', name: 'gd', group: 'data', apply: 'live', label: 'D (action dims)', ascii: 'D action dimensions', help: 'Action dimensions of the Gaussian policy.', default: 6, min: 1, max: 32, step: 1 },
    {
      kind: 'number',
      name: 'gh0', group: 'era', apply: 'live',
      label: 'H₀ (Gaussian target)',
      ascii: 'H0 Gaussian',
      help: 'Target entropy of the Gaussian policy (nats). ERA makes Σ ln σ + D·ln√(2πe) equal H₀ + δ unless σ_min clips.',
      default: 1.5,
      min: -400,
      max: 100,
      step: 0.05,
      range: (s) => gaussianH0Range(num(s, 'gd'), num(s, 'delta'), num(s, 'lsmin'), num(s, 'lsmax')),
    },
    {
      kind: 'number',
      name: 'delta', group: 'era', apply: 'live',
      label: 'δ (squash compensation)',
      ascii: 'delta',
      help: 'Extra entropy for the tanh squashing: the Gaussian aims at H₀ + δ, which must stay ≤ D·(ln σ_max + ln√(2πe)).',
      default: 0,
      min: 0,
      max: 10,
      step: 0.05,
      // H₀ + δ must stay feasible: δ's room is what H₀ leaves below the bound.
      range: (s) => ({ min: 0, max: gaussianH0Range(num(s, 'gd'), 0, num(s, 'lsmin'), num(s, 'lsmax')).max - num(s, 'gh0') }),
    },
    {
      kind: 'number',
      name: 'lsmin', group: 'advanced', apply: 'live',
      label: 'ln σ_min',
      ascii: 'log sigma min',
      help: 'Lower bound of ln σ.',
      default: -8,
      min: -20,
      max: 1.5,
      step: 0.5,
      range: (s) => ({ min: -20, max: num(s, 'lsmax') - 0.5 }),
    },
    { kind: 'number', name: 'lsmax', group: 'advanced', apply: 'live', label: 'ln σ_max', ascii: 'log sigma max', help: 'Upper bound of ln σ.', default: 0, min: -5, max: 2, step: 0.5 },
    { kind: 'int', name: 'gseed', group: 'advanced', apply: 'live', label: 'seed (σ̂)', ascii: 'sigma hat seed', help: 'Seed of the random example σ̂.', default: 1, min: 0, max: 999999, step: 1 },
    { kind: 'list', name: 'sh', group: 'data', apply: 'live', label: 'σ̂ (pre-ERA log-std)', ascii: 'sigma hat', help: 'The policy head’s σ̂, one per action dimension.', minLength: 1, maxLength: 32, min: -10, max: 10, decimals: 2 },

    // Tokens
    { kind: 'int', name: 'tl', group: 'data', apply: 'live', label: 'L (response tokens)', ascii: 'L response length', help: 'Tokens in the response.', default: 10, min: 2, max: 16, step: 1 },
    { kind: 'int', name: 'tv', group: 'data', apply: 'live', label: 'V (vocabulary)', ascii: 'V vocabulary', help: 'Vocabulary size.', default: 8, min: 2, max: 32, step: 1 },
    { kind: 'number', name: 'peak', group: 'data', apply: 'live', label: 'm (confidence margin)', ascii: 'margin', help: 'How far each token’s favourite is ahead of the rest: 0 is near-uniform, large is near one-hot.', default: 3, min: 0, max: 20, step: 0.1 },
    { kind: 'number', name: 'k', group: 'era', apply: 'live', label: 'k (scale factor)', ascii: 'k', help: 'Sharpen multiplies logits by k; flatten divides by k.', default: 2, min: 1, max: 10, step: 0.1 },
    {
      kind: 'number',
      name: 'wlo', group: 'era', apply: 'live',
      label: 'ω_low',
      ascii: 'omega low',
      help: 'Below this response entropy a positive-advantage response is sharpened.',
      default: 0.45,
      min: 0,
      max: 5,
      step: 0.05,
      range: (s) => ({ min: 0, max: num(s, 'whi') }),
    },
    {
      kind: 'number',
      name: 'whi', group: 'era', apply: 'live',
      label: 'ω_high',
      ascii: 'omega high',
      help: 'Above this response entropy a positive-advantage response is flattened.',
      default: 3,
      min: 0,
      max: 5,
      step: 0.05,
      range: (s) => ({ min: num(s, 'wlo'), max: 5 }),
    },
    { kind: 'number', name: 'adv', group: 'data', apply: 'live', label: 'A (advantage)', ascii: 'advantage', help: 'The response’s advantage. ERA only acts when A > 0; its sign decides whether ERA can fire.', default: 1, min: -2, max: 2, step: 0.1 },
    { kind: 'bool', name: 'ascale', group: 'advanced', apply: 'live', label: 'rescale A', ascii: 'rescale advantage', help: 'Divide the advantage by the logit factor, so only the target distribution changes.', default: true },
    { kind: 'int', name: 'tok', group: 'data', apply: 'live', label: 'token shown', ascii: 'token shown', help: 'Which token’s distribution the chart shows.', default: 0, min: 0, max: 15, step: 1, range: (s) => ({ min: 0, max: num(s, 'tl') - 1 }) },
    { kind: 'int', name: 'tseed', group: 'advanced', apply: 'live', label: 'seed (tokens)', ascii: 'tokens seed', help: 'Seed of the random response.', default: 1, min: 0, max: 999999, step: 1 },
  ] as const,
  {
    rules: [
      {
        check: (s) => (s.z && s.z.length !== s.d ? `The logits list z has ${s.z.length} entries but D = ${s.d}; using example logits instead.` : null),
        fix: (s) => ({ ...s, z: null }),
      },
      {
        check: (s) => (s.sh && s.sh.length !== s.gd ? `The σ̂ list sh has ${s.sh.length} entries but D = ${s.gd}; using example values instead.` : null),
        fix: (s) => ({ ...s, sh: null }),
      },
    ],
  },
);

export type ExploreState = StateOf<typeof exploreSchema.specs>;
