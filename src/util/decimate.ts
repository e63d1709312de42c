// Thins a long series for a chart: at most `maxPoints` evenly spaced points, always the first and the
// latest (the full series stays with the caller, e.g. for exports).
/** At most `maxPoints` points of a series, evenly spaced and always keeping the last. */
export function decimate<T>(points: readonly T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return points.slice();
  const out: T[] = [];
  const stride = (points.length - 1) / (maxPoints - 1);
  for (let i = 0; i < maxPoints; i++) out.push(points[Math.round(i * stride)]);
  return out;
}
