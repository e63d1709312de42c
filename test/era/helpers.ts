// Shared test helpers for the ERA kernel tests: the shared float64 vectors, tolerance checks, backends.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';

/**
 * The float64 vectors of shared/era-vectors.json, committed as a fixture so a fresh clone tests without
 * ../shared; vectors.test.ts checks the fixture still equals ../shared's copy wherever that exists.
 */
export const VECTORS_FIXTURE = fileURLToPath(new URL('../fixtures/era-vectors.json', import.meta.url));
export const VECTORS_SHARED = fileURLToPath(new URL('../../../shared/era-vectors.json', import.meta.url));

// JSON cannot hold ±∞: the file spells them as strings.
function revive(_key: string, value: unknown): unknown {
  if (value === '-inf') return -Infinity;
  if (value === 'inf') return Infinity;
  if (value === 'nan') return NaN;
  return value;
}

// The file's fields differ per variant and each test reads the ones it knows: typing them all buys nothing.
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface EraVectors {
  vectors: Array<Record<string, any> & { name: string; variant: 'classification' | 'gaussian' | 'llm' }>;
  bound_checks: { classification: Array<Record<string, any>> };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export function loadVectors(): EraVectors {
  return JSON.parse(readFileSync(VECTORS_FIXTURE, 'utf8'), revive) as EraVectors;
}

/** The project's float32 tolerance (shared/ERA.md §5): |a − b| ≤ abs + rel·|b|. */
export const TOL = { abs: 1e-5, rel: 1e-5 };

/**
 * Largest |a − b| / (abs + rel·|b|) over the arrays: ≤ 1 means within tolerance. Equal non-finite values
 * (−∞ = −∞, NaN vs NaN) count as equal; any other non-finite mismatch is Infinity.
 */
export function worstRatio(a: ArrayLike<number>, b: ArrayLike<number>, tol = TOL): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y))) continue;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return Infinity;
    worst = Math.max(worst, Math.abs(x - y) / (tol.abs + tol.rel * Math.abs(y)));
  }
  return worst;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (Number.isFinite(b[i])) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export async function useBackend(name: 'webgpu' | 'cpu'): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} unavailable`);
  await tf.ready();
}

/** A seeded generator so sweeps are reproducible. */
export { mulberry32 as rng } from '../../src/util/rng.ts';

/** Softmax entropy of each row, in float64. */
export function rowEntropies(z: ArrayLike<number>, rows: number, d: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let i = 0; i < d; i++) m = Math.max(m, z[r * d + i]);
    let s = 0;
    for (let i = 0; i < d; i++) s += Math.exp(z[r * d + i] - m);
    let h = 0;
    for (let i = 0; i < d; i++) {
      const p = Math.exp(z[r * d + i] - m) / s;
      if (p > 0) h -= p * Math.log(p);
    }
    out.push(h);
  }
  return out;
}

/** Records the worst error seen per kernel so the suite can print them at the end. */
export const worstSeen = new Map<string, number>();
export function record(kernel: string, absErr: number): void {
  worstSeen.set(kernel, Math.max(worstSeen.get(kernel) ?? 0, absErr));
}
