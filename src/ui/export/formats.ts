// Export formats for charts and runs (CSV is src/util/csv.ts). No DOM: strings in, strings out.

/** Pretty JSON; non-finite numbers become strings ("NaN", "Infinity") instead of null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n';
}

/** A file name stem safe on every OS: letters, digits, dot, dash, underscore. */
export function safeFileName(stem: string): string {
  return stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
}
