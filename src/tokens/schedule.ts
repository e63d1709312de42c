// Step schedules for the live knobs in the headless runner: "0:0.45,200:0.8" is 0.45 from the first step
// and 0.8 from step 200 on (steps numbered from 1, as the CSV's step column; 0 and 1 both mean the start).
// Plain TypeScript, no TF.js, so the CLI can parse before it loads a backend.

/** [step, value] pairs, steps strictly increasing, the first at step 0. */
export type Schedule<T> = ReadonlyArray<readonly [number, T]>;

/** Whether `text` is written as a schedule (step:value pairs) rather than one plain value. */
export function isSchedule(text: string): boolean {
  return text.includes(':');
}

/**
 * Parses "s:v,s:v,…" with `value` parsing each v (it throws on a bad one). Throws a RangeError naming
 * the problem: a pair that is not step:value, a step that is not a non-negative integer, steps out of
 * order, or a first step other than 0.
 */
export function parseSchedule<T>(text: string, value: (v: string) => T): Schedule<T> {
  const pairs = text.split(',').map((p) => p.trim());
  const out: Array<[number, T]> = [];
  for (const p of pairs) {
    const m = /^(\d+)\s*:\s*(.+)$/.exec(p);
    if (!m) throw new RangeError(`'${p}' is not step:value`);
    const step = Number(m[1]);
    if (!Number.isSafeInteger(step)) throw new RangeError(`step '${m[1]}' is not an integer`);
    if (out.length && step <= out[out.length - 1][0]) throw new RangeError(`steps must increase (${step} after ${out[out.length - 1][0]})`);
    out.push([step, value(m[2].trim())]);
  }
  if (out.length === 0 || out[0][0] !== 0) throw new RangeError('a schedule starts at step 0');
  return out;
}

/** The value in force at `step` (1-based): that of the last pair whose step is ≤ step. */
export function valueAt<T>(schedule: Schedule<T>, step: number): T {
  let v = schedule[0][1];
  for (const [s, x] of schedule) if (s <= step) v = x;
  return v;
}

/** Every step at which some schedule changes value (for checks that must hold at each). */
export function switchSteps(schedules: ReadonlyArray<Schedule<unknown> | undefined>): number[] {
  const steps = new Set<number>();
  for (const s of schedules) for (const [step] of s ?? []) steps.add(step);
  return [...steps].sort((a, b) => a - b);
}
