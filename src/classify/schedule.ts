// Learning-rate schedules, as a pure function of the step.
export type ScheduleKind = 'constant' | 'cosine';
export const SCHEDULES: readonly ScheduleKind[] = ['constant', 'cosine'];

/** Learning rate for 0-based `step` out of `totalSteps` (cosine decays from `base` to 0 at the end). */
export function learningRateAt(kind: ScheduleKind, base: number, step: number, totalSteps: number): number {
  if (kind === 'constant' || totalSteps <= 0) return base;
  const t = Math.min(1, Math.max(0, step / totalSteps));
  return 0.5 * base * (1 + Math.cos(Math.PI * t));
}
