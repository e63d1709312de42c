// CSV/JSON export text: quoting, formula-injection guard, non-finite numbers, file names.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../src/util/csv.ts';
import { safeFileName, toJson } from '../src/ui/export/formats.ts';

describe('export formats', () => {
  it('writes CSV with a header from the union of keys, quoting only where needed', () => {
    const csv = toCsv([
      { step: 1, loss: 0.5 },
      { step: 2, loss: 0.25, note: 'a, "b"' },
      { step: 3, note: '=HYPERLINK("x")' },
    ]);
    expect(csv).toBe('step,loss,note\n1,0.5,\n2,0.25,"a, ""b"""\n3,,"\'=HYPERLINK(""x"")"\n');
  });

  it('keeps negative numbers as numbers and non-finite values readable', () => {
    expect(toCsv([{ a: -1.5, b: NaN, c: Infinity }])).toBe('a,b,c\n-1.5,NaN,Infinity\n');
    expect(JSON.parse(toJson({ a: NaN, b: [1, -Infinity] }))).toEqual({ a: 'NaN', b: [1, '-Infinity'] });
  });

  it('makes safe file names', () => {
    expect(safeFileName('explore / D=10 <H₀>')).toBe('explore-D-10-H');
    expect(safeFileName('***')).toBe('export');
  });
});
