// The regularizers the lab compares, their run-spec syntax ("none;ls:0.1;dropout:0.2;era:0.6;era:0.6+ls:0.1")
// and the loss each one trains with. ERA sits after the classifier head in training and evaluation
// (shared/ERA.md §1); label smoothing changes the targets; dropout acts on the head's input features.
import * as tf from '@tensorflow/tfjs';
import { eraSoftmax } from '../era/index.ts';
import { DROPOUT_RANGE, ERA_H0_RANGE, LABEL_SMOOTHING_RANGE } from './options.ts';

export { DROPOUT_RANGE, ERA_H0_RANGE, LABEL_SMOOTHING_RANGE } from './options.ts';

export interface Regularizer {
  labelSmoothing: number;
  dropout: number;
  /** Target entropy H₀ of ERA in nats, or null for no ERA. */
  eraH0: number | null;
}

export interface RunSpec {
  name: string;
  regularizer: Regularizer;
}

export const NO_REGULARIZER: Regularizer = { labelSmoothing: 0, dropout: 0, eraH0: null };

/** 'none' | 'ls' | 'dropout' | 'era' | 'era+ls' | 'era+dropout' | 'dropout+ls' (what summary.json calls `regularizer`). */
export function regularizerKind(r: Regularizer): string {
  if (r.eraH0 === null && r.labelSmoothing > 0 && r.dropout > 0) return 'dropout+ls';
  const parts = [r.eraH0 !== null ? 'era' : '', r.labelSmoothing > 0 ? 'ls' : '', r.dropout > 0 ? 'dropout' : ''].filter(Boolean);
  return parts.length ? parts.join('+') : 'none';
}

/** The canonical spec string, e.g. "era:0.6+ls:0.1" or "dropout:0.2+ls:0.1". */
export function formatRegularizer(r: Regularizer): string {
  if (r.eraH0 === null && r.labelSmoothing > 0 && r.dropout > 0) return `dropout:${r.dropout}+ls:${r.labelSmoothing}`;
  const parts = [
    r.eraH0 !== null ? `era:${r.eraH0}` : '',
    r.labelSmoothing > 0 ? `ls:${r.labelSmoothing}` : '',
    r.dropout > 0 ? `dropout:${r.dropout}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('+') : 'none';
}

function parseStrength(term: string, name: string, range: { min: number; max: number }, open: boolean): number {
  const raw = term.slice(name.length + 1);
  const v = Number(raw);
  const inside = open ? v > range.min && v < range.max : v >= range.min && v <= range.max;
  if (raw === '' || !Number.isFinite(v) || !inside) {
    const interval = open ? `(${range.min.toFixed(4)}, ${range.max.toFixed(4)})` : `[${range.min}, ${range.max}]`;
    throw new RangeError(`"${term}": ${name} needs a number in ${interval}`);
  }
  return v;
}

/**
 * One regularizer from "none", "ls:ε", "dropout:p", "era:H0", ERA joined with one other by '+', or
 * "dropout:p+ls:ε" (the released code's dropout baseline: it adds label smoothing 0.1 to every run).
 */
export function parseRegularizer(spec: string): Regularizer {
  const s = spec.trim();
  if (s === 'none') return { ...NO_REGULARIZER };
  const r: Regularizer = { ...NO_REGULARIZER };
  const seen = new Set<string>();
  for (const term of s.split('+').map((t) => t.trim())) {
    const name = term.split(':')[0];
    if (seen.has(name)) throw new RangeError(`"${spec}": ${name} given twice`);
    seen.add(name);
    if (name === 'ls') r.labelSmoothing = parseStrength(term, 'ls', LABEL_SMOOTHING_RANGE, false);
    else if (name === 'dropout') r.dropout = parseStrength(term, 'dropout', DROPOUT_RANGE, false);
    else if (name === 'era') r.eraH0 = parseStrength(term, 'era', ERA_H0_RANGE, true);
    else throw new RangeError(`"${term}": unknown regularizer (use none, ls:ε, dropout:p, era:H0, era:H0+ls:ε, era:H0+dropout:p or dropout:p+ls:ε)`);
  }
  if (seen.size > 2) {
    throw new RangeError(`"${spec}": at most two regularizers together (ERA with ls or dropout, or dropout with ls)`);
  }
  return r;
}

/** "none;ls:0.1;era:0.6" → up to 4 runs, named by their spec (a repeated spec gets "#2", "#3"). */
export function parseRunSpecs(text: string, maxRuns = 4): RunSpec[] {
  const specs = text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  if (specs.length === 0) throw new RangeError('no runs given');
  if (specs.length > maxRuns) throw new RangeError(`at most ${maxRuns} runs side by side, got ${specs.length}`);
  const counts = new Map<string, number>();
  return specs.map((spec) => {
    const n = (counts.get(spec) ?? 0) + 1;
    counts.set(spec, n);
    return { name: n > 1 ? `${spec}#${n}` : spec, regularizer: parseRegularizer(spec) };
  });
}

/** The logits the model's prediction is read from: ERA's z' for ERA runs, the head's logits otherwise. */
export function outputLogits(logits: tf.Tensor2D, r: Regularizer): tf.Tensor2D {
  return r.eraH0 === null ? logits : eraSoftmax(logits, { h0: r.eraH0 });
}

/** Mean cross-entropy of `logits` against one-hot `labels`, with label smoothing ε: targets (1−ε)·y + ε/K. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, labelSmoothing: number): tf.Scalar {
  return tf.tidy(() => {
    const k = logits.shape[1];
    let targets: tf.Tensor = tf.oneHot(labels, k).toFloat();
    if (labelSmoothing > 0) targets = targets.mul(1 - labelSmoothing).add(labelSmoothing / k);
    return tf.neg(tf.mean(tf.sum(targets.mul(tf.logSoftmax(logits)), 1))) as tf.Scalar;
  });
}

/** Per-row predictive entropy (nats) of softmax(logits). */
export function predictiveEntropy(logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    return tf.neg(tf.sum(tf.exp(logp).mul(logp), 1)) as tf.Tensor1D;
  });
}

/** Inverted dropout: zero each feature with probability p and scale the rest by 1/(1−p). */
export function applyDropout(features: tf.Tensor2D, p: number, seed: number): tf.Tensor2D {
  if (p <= 0) return features;
  return tf.tidy(() => {
    const keep = tf.randomUniform(features.shape, 0, 1, 'float32', seed).greaterEqual(p).toFloat();
    return features.mul(keep).div(1 - p) as tf.Tensor2D;
  });
}
