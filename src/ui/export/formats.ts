// Export formats for charts and runs. No DOM: strings in, strings out (unit-tested in Node).

/** RFC 4180 CSV of rows; columns are the union of keys in first-seen order. Quotes when needed. */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const cell = (v: unknown): string => {
    if (v === undefined || v === null) return '';
    const s = String(v);
    // A leading =, +, - or @ would be a formula in a spreadsheet: prefix a quote (text cells only).
    const safe = typeof v === 'string' && /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [cols.map(cell).join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

/** Pretty JSON; non-finite numbers become strings ("NaN", "Infinity") instead of null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n';
}

/** A file name stem safe on every OS: letters, digits, dot, dash, underscore. */
export function safeFileName(stem: string): string {
  return stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
}
