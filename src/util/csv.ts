// The project's one CSV writer (RFC 4180), for the page's exports and the headless runners' files.
// No DOM and no Node: strings in, a string out.

export interface CsvOptions {
  /** Column order; default: the union of the rows' keys in first-seen order. */
  columns?: readonly string[];
  /**
   * How NaN and ±Infinity are written: 'text' keeps them readable ("NaN"), 'empty' leaves the cell
   * empty (what the runners write, so a spreadsheet or pandas reads a missing value).
   */
  nonFinite?: 'text' | 'empty';
  /** Significant digits of numbers (default: as many as round-trip). */
  precision?: number;
}

/** CSV text of `rows`: quotes only where needed; undefined and null are empty cells. */
export function toCsv(rows: readonly object[], opts: CsvOptions = {}): string {
  const records = rows as readonly Record<string, unknown>[];
  const cols: string[] = opts.columns ? [...opts.columns] : [];
  if (!opts.columns) for (const r of records) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const cell = (v: unknown): string => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return opts.nonFinite === 'empty' ? '' : String(v);
      return opts.precision ? String(+v.toPrecision(opts.precision)) : String(v);
    }
    const s = String(v);
    // A leading =, +, - or @ would be a formula in a spreadsheet: prefix a quote (text cells only).
    const safe = typeof v === 'string' && /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [cols.map(cell).join(','), ...records.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
