// The typed URL state: parsing, validation of hostile input, dependent ranges, and round trips.
import { describe, expect, it } from 'vitest';
import { validH0Interval } from '../src/era/index.ts';
import { sliderBounds } from '../src/ui/components/ParamControl.tsx';
import { exploreSchema } from '../src/ui/labs/explore/schema.ts';
import { SHELL_KEYS, formatHash, isPresentMode, parseHash } from '../src/ui/state/hash.ts';
import { defaults, normalizeState, parseParams, serializeParams } from '../src/ui/state/schema.ts';

const parse = (query: string) => parseParams(exploreSchema, new URLSearchParams(query), SHELL_KEYS);

describe('hash location', () => {
  it('splits route and query, and formats them back', () => {
    const loc = parseHash('#/explore?d=12&h0=0.8');
    expect(loc.path).toBe('/explore');
    expect(loc.params.get('d')).toBe('12');
    expect(formatHash(loc.path, loc.params)).toBe('#/explore?d=12&h0=0.8');
    expect(parseHash('').path).toBe('/');
    expect(parseHash('#explore/').path).toBe('/explore');
    expect(isPresentMode(parseHash('#/explore?present=1').params)).toBe(true);
    expect(isPresentMode(parseHash('#/explore?present=yes').params)).toBe(false);
  });
});

describe('explore schema parsing', () => {
  it('gives the defaults, with no notice, for an empty query', () => {
    const r = parse('');
    expect(r.notices).toEqual([]);
    expect(r.state).toEqual(defaults(exploreSchema));
    expect(r.state.h0).toBe(0.6);
    expect(r.state.z).toBeNull();
  });

  it('accepts valid values of every kind', () => {
    const r = parse('d=5&h0=1.1&inv=exact&ascale=0&z=1,2,3,-4.5,0&adv=-0.5&present=1');
    expect(r.notices).toEqual([]);
    expect(r.state).toMatchObject({ d: 5, h0: 1.1, inv: 'exact', ascale: false, z: [1, 2, 3, -4.5, 0], adv: -0.5 });
  });

  it('falls back to defaults, with a notice each, for hostile or malformed values', () => {
    const r = parse('h0=%3Cscript%3Ealert(1)%3C%2Fscript%3E&d=1e999&temp=NaN&k=Infinity&tl=3.5&inv=%3Cimg%20src%3Dx%3E&ascale=maybe&gd=0x10&evil=1&wlo=');
    expect(r.state).toEqual(defaults(exploreSchema));
    expect(r.notices).toHaveLength(10);
    expect(r.notices.join('\n')).toContain('Ignored h0 = "<script>alert(1)</script>" (not a number)');
    expect(r.notices.join('\n')).toContain('Ignored unknown setting "evil"');
    expect(r.notices.join('\n')).toContain('tl = "3.5" (not a whole number)');
  });

  it('rejects out-of-range numbers and badly sized lists', () => {
    const r = parse('d=1001&temp=0&z=1,2,x&sh=1');
    expect(r.state.d).toBe(10);
    expect(r.state.temp).toBe(1);
    expect(r.state.z).toBeNull();
    // sh has one entry but D (gd) is 6: dropped by the cross-field rule.
    expect(r.state.sh).toBeNull();
    expect(r.notices).toHaveLength(4);
    expect(r.notices[3]).toMatch(/σ̂ list sh has 1 entries but D = 6/);
  });

  it('checks H₀ against the valid interval of the D in the same link', () => {
    const { max } = validH0Interval(2); // ln(2·ub) + 1 ≈ 0.633
    const ok = parse(`d=2&h0=${(max - 0.01).toFixed(3)}`);
    expect(ok.notices).toEqual([]);
    const bad = parse('d=2&h0=2');
    expect(bad.notices).toHaveLength(1);
    expect(bad.notices[0]).toMatch(/h0 = 2 is outside/);
    expect(bad.state.h0).toBeLessThan(max);
    expect(bad.state.h0).toBe(0.6); // the default is inside the interval for D = 2
  });

  it('shortens long hostile values in notices and strips control characters', () => {
    const r = parse(`h0=${encodeURIComponent('\u0000'.repeat(3) + 'x'.repeat(200))}`);
    expect(r.notices[0]).toContain('???xxx');
    expect(r.notices[0].length).toBeLessThan(120);
  });

  it('round-trips through the URL: serialize then parse reproduces the state', () => {
    const state = { ...defaults(exploreSchema), d: 4, h0: 0.37, temp: 0.35, z: [1.25, -2, 0, 7.5], k: 3.3, wlo: 0.2, whi: 1.7, adv: -1.3, ascale: false };
    const q = serializeParams(exploreSchema, state);
    expect(q.get('seed')).toBeNull(); // defaults are left out
    const back = parseParams(exploreSchema, new URLSearchParams(q.toString()));
    expect(back.notices).toEqual([]);
    expect(back.state).toEqual(state);
  });

  it('normalises a state changed by the controls into its dependent ranges', () => {
    const s = normalizeState(exploreSchema, { ...defaults(exploreSchema), d: 2, h0: 1.5 });
    expect(s.h0).toBeLessThan(validH0Interval(2).max);
    const t = normalizeState(exploreSchema, { ...defaults(exploreSchema), tl: 4, tok: 9 });
    expect(t.tok).toBe(3);
  });
});

describe('slider bounds', () => {
  it('snaps the valid range inward onto the step grid', () => {
    const { min, max } = validH0Interval(10);
    const b = sliderBounds(min + 0.005, max - 0.005, 0.01);
    expect(b.lo).toBe(-0.05);
    expect(b.hi).toBe(2.23);
    expect(sliderBounds(0.05, 10, 0.05)).toEqual({ lo: 0.05, hi: 10 });
  });
});
