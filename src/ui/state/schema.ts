// Typed lab state: one schema per lab lists every setting (name, type, default, range, help). The same
// schema drives the controls, validates what a URL says, and writes the state back to the URL.
// Nothing here touches the DOM; a notice is plain text (the UI renders it as text, never as HTML).

interface BaseSpec {
  /** URL key and state key. */
  name: string;
  /** Visible label; carries the symbol (H₀, k, ω_low, …) so the control's accessible name contains it. */
  label: string;
  /** ASCII spelling of the symbol for assistive tech and search (e.g. "H0", "omega low"). */
  ascii?: string;
  help: string;
  /** Hidden in classroom (present) mode. */
  advanced?: boolean;
}

export interface NumberSpec extends BaseSpec {
  kind: 'number' | 'int';
  default: number;
  min: number;
  max: number;
  step: number;
  /** A tighter range that depends on other settings (e.g. H₀'s valid interval for this D). */
  range?: (state: Readonly<Record<string, unknown>>) => { min: number; max: number };
}

export interface EnumSpec extends BaseSpec {
  kind: 'enum';
  options: readonly string[];
  default: string;
}

export interface BoolSpec extends BaseSpec {
  kind: 'bool';
  default: boolean;
}

/** A list of numbers (e.g. logits); absent by default, meaning "derive it from other settings". */
export interface ListSpec extends BaseSpec {
  kind: 'list';
  minLength: number;
  maxLength: number;
  min: number;
  max: number;
  /** Decimals kept when written to the URL. */
  decimals: number;
}

export type ParamSpec = NumberSpec | EnumSpec | BoolSpec | ListSpec;

type ValueOf<S extends ParamSpec> = S extends NumberSpec
  ? number
  : S extends EnumSpec
    ? string
    : S extends BoolSpec
      ? boolean
      : S extends ListSpec
        ? number[] | null
        : never;

export type StateOf<Specs extends readonly ParamSpec[]> = { [S in Specs[number] as S['name']]: ValueOf<S> };

export interface Schema<Specs extends readonly ParamSpec[] = readonly ParamSpec[]> {
  specs: Specs;
  /** Cross-field rules run after each value parsed on its own (e.g. a list's length must equal D). */
  refine?: (state: StateOf<Specs>) => { state: StateOf<Specs>; notices: string[] };
}

export function defineSchema<const Specs extends readonly ParamSpec[]>(
  specs: Specs,
  refine?: (state: StateOf<Specs>) => { state: StateOf<Specs>; notices: string[] },
): Schema<Specs> {
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) throw new Error(`schema: duplicate setting name "${s.name}"`);
    seen.add(s.name);
  }
  return { specs, refine };
}

export function defaults<Specs extends readonly ParamSpec[]>(schema: Schema<Specs>): StateOf<Specs> {
  const out: Record<string, unknown> = {};
  for (const s of schema.specs) out[s.name] = s.kind === 'list' ? null : s.default;
  return out as StateOf<Specs>;
}

/** What a notice shows of a rejected value: short, and with control characters removed. */
export function quoteForNotice(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = raw.replace(/[\u0000-\u001f\u007f]/g, '?');
  return JSON.stringify(clean.length > 40 ? `${clean.slice(0, 40)}…` : clean);
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(raw: string): number | null {
  const t = raw.trim();
  if (!NUMBER_TEXT.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** The effective range of a number setting in this state (the static range tightened by `range`). */
export function numberRange(spec: NumberSpec, state: Readonly<Record<string, unknown>>): { min: number; max: number } {
  if (!spec.range) return { min: spec.min, max: spec.max };
  const r = spec.range(state);
  return { min: Math.max(spec.min, r.min), max: Math.min(spec.max, r.max) };
}

function fmtRange(min: number, max: number): string {
  return `[${+min.toPrecision(6)}, ${+max.toPrecision(6)}]`;
}

/** Parses one raw URL value against its spec; returns the value or a reason it was rejected. */
function parseValue(spec: ParamSpec, raw: string): { ok: true; value: unknown } | { ok: false; why: string } {
  switch (spec.kind) {
    case 'number':
    case 'int': {
      const v = parseNumber(raw);
      if (v === null) return { ok: false, why: 'not a number' };
      if (spec.kind === 'int' && !Number.isInteger(v)) return { ok: false, why: 'not a whole number' };
      if (v < spec.min || v > spec.max) return { ok: false, why: `outside ${fmtRange(spec.min, spec.max)}` };
      return { ok: true, value: v };
    }
    case 'enum':
      return spec.options.includes(raw) ? { ok: true, value: raw } : { ok: false, why: `not one of ${spec.options.join(', ')}` };
    case 'bool':
      if (raw === '1' || raw === 'true') return { ok: true, value: true };
      if (raw === '0' || raw === 'false') return { ok: true, value: false };
      return { ok: false, why: 'not 0 or 1' };
    case 'list': {
      const parts = raw.split(',');
      if (parts.length < spec.minLength || parts.length > spec.maxLength) {
        return { ok: false, why: `needs ${spec.minLength}–${spec.maxLength} numbers` };
      }
      const vals: number[] = [];
      for (const p of parts) {
        const v = parseNumber(p);
        if (v === null || v < spec.min || v > spec.max) {
          return { ok: false, why: `every entry must be a number in ${fmtRange(spec.min, spec.max)}` };
        }
        vals.push(v);
      }
      return { ok: true, value: vals };
    }
  }
}

export interface ParseResult<S> {
  state: S;
  /** One plain-text line per value that was ignored, for a visible notice. */
  notices: string[];
}

/**
 * Reads a lab's settings from URL parameters. Every unknown key, malformed or out-of-range value falls
 * back to the default with a notice; nothing throws. `ignore` lists keys that belong to the shell.
 */
export function parseParams<Specs extends readonly ParamSpec[]>(
  schema: Schema<Specs>,
  params: URLSearchParams,
  ignore: readonly string[] = [],
): ParseResult<StateOf<Specs>> {
  const state = defaults(schema) as Record<string, unknown>;
  const notices: string[] = [];
  const byName = new Map(schema.specs.map((s) => [s.name, s] as const));
  for (const [key, raw] of params) {
    if (ignore.includes(key)) continue;
    const spec = byName.get(key);
    if (!spec) {
      notices.push(`Ignored unknown setting ${quoteForNotice(key)}.`);
      continue;
    }
    const r = parseValue(spec, raw);
    if (r.ok) state[key] = r.value;
    else notices.push(`Ignored ${spec.name} = ${quoteForNotice(raw)} (${r.why}); using the default.`);
  }
  // Ranges that depend on other settings, checked once every value is known.
  for (const spec of schema.specs) {
    if ((spec.kind === 'number' || spec.kind === 'int') && spec.range) {
      const { min, max } = numberRange(spec, state);
      const v = state[spec.name] as number;
      if (v < min || v > max) {
        const fallback = clamp(spec.default, min, max);
        notices.push(`${spec.name} = ${v} is outside ${fmtRange(min, max)} for these settings; using ${+fallback.toPrecision(6)}.`);
        state[spec.name] = fallback;
      }
    }
  }
  let out = state as StateOf<Specs>;
  if (schema.refine) {
    const r = schema.refine(out);
    out = r.state;
    notices.push(...r.notices);
  }
  return { state: out, notices };
}

export function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}

function formatNumber(v: number): string {
  // Enough digits to round-trip a slider value, no float noise like 0.30000000000000004.
  return String(+v.toPrecision(10));
}

/** Writes the settings that differ from their defaults (a short URL that still reproduces the view). */
export function serializeParams<Specs extends readonly ParamSpec[]>(schema: Schema<Specs>, state: StateOf<Specs>): URLSearchParams {
  const out = new URLSearchParams();
  const s = state as Record<string, unknown>;
  for (const spec of schema.specs) {
    const v = s[spec.name];
    switch (spec.kind) {
      case 'number':
      case 'int':
        if (v !== spec.default) out.set(spec.name, formatNumber(v as number));
        break;
      case 'enum':
        if (v !== spec.default) out.set(spec.name, v as string);
        break;
      case 'bool':
        if (v !== spec.default) out.set(spec.name, v ? '1' : '0');
        break;
      case 'list':
        if (Array.isArray(v)) out.set(spec.name, v.map((x) => String(+x.toFixed(spec.decimals))).join(','));
        break;
    }
  }
  return out;
}

/** Brings a state changed by the controls back inside every dependent range (no notices: the user did it). */
export function normalizeState<Specs extends readonly ParamSpec[]>(schema: Schema<Specs>, state: StateOf<Specs>): StateOf<Specs> {
  const s = { ...(state as Record<string, unknown>) };
  for (const spec of schema.specs) {
    if ((spec.kind === 'number' || spec.kind === 'int') && spec.range) {
      const { min, max } = numberRange(spec, s);
      s[spec.name] = clamp(s[spec.name] as number, min, max);
    }
  }
  return schema.refine ? schema.refine(s as StateOf<Specs>).state : (s as StateOf<Specs>);
}
