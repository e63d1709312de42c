// Chart rows for runs trained on several seeds at once: per run the mean over its seeds, the min–max
// band, and (on demand) every single seed, at each x where any seed has a value. Pure, for any lab.
import { decimate } from '../../util/decimate.ts';
import type { SeriesStyle } from '../theme/palette.ts';
import type { ChartRow, ChartSeries } from './TimeChart.tsx';

/** One run's points per seed: seed → [x, value] pairs in increasing x. */
export type SeedPoints = ReadonlyMap<number, ReadonlyArray<readonly [number, number]>>;

export const bandKeys = (run: string) => ({ mean: run, low: `${run}:min`, high: `${run}:max` });
export const seedKey = (run: string, seed: number) => `${run}@${seed}`;

/**
 * Rows { x, run: mean, run:min, run:max, run@seed: value } over every x any seed reached. A statistic
 * at an x counts the seeds with a finite value there (a diverged seed drops out); at most `maxPoints`
 * rows, evenly spaced.
 */
export function seedBandRows(runs: ReadonlyMap<string, SeedPoints>, xKey: string, maxPoints: number, withSeeds: boolean): ChartRow[] {
  const byX = new Map<number, Map<string, number[]>>();
  const single = new Map<number, ChartRow>();
  for (const [run, seeds] of runs) {
    for (const [seed, points] of seeds) {
      for (const [x, v] of points) {
        if (!Number.isFinite(v)) continue;
        let at = byX.get(x);
        if (!at) byX.set(x, (at = new Map()));
        let vs = at.get(run);
        if (!vs) at.set(run, (vs = []));
        vs.push(v);
        if (withSeeds) {
          const row = single.get(x) ?? {};
          row[seedKey(run, seed)] = v;
          single.set(x, row);
        }
      }
    }
  }
  const rows: ChartRow[] = [...byX.keys()]
    .sort((a, b) => a - b)
    .map((x) => {
      const row: ChartRow = { [xKey]: x, ...single.get(x) };
      for (const [run, vs] of byX.get(x)!) {
        const k = bandKeys(run);
        row[k.mean] = vs.reduce((a, b) => a + b, 0) / vs.length;
        row[k.low] = Math.min(...vs);
        row[k.high] = Math.max(...vs);
      }
      return row;
    });
  return decimate(rows, maxPoints);
}

/** The series for those rows: a mean line with its band per run, plus thin lines per seed on demand. */
export function seedBandSeries(
  runs: ReadonlyArray<{ key: string; label: string; style: SeriesStyle; seeds: readonly number[] }>,
  withSeeds: boolean,
): ChartSeries[] {
  return runs.flatMap((r) => {
    const k = bandKeys(r.key);
    const mean: ChartSeries = {
      key: k.mean,
      label: r.seeds.length > 1 ? `${r.label} (mean of ${r.seeds.length} seeds)` : r.label,
      style: r.style,
      band: r.seeds.length > 1 ? { low: k.low, high: k.high } : undefined,
    };
    if (!withSeeds || r.seeds.length < 2) return [mean];
    return [mean, ...r.seeds.map((s) => ({ key: seedKey(r.key, s), label: `${r.label} seed ${s}`, style: { ...r.style, width: 1 }, legend: false }))];
  });
}
