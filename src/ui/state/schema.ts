// Typed lab settings: every lab declares its settings once, as a schema (URL key, type, default, range
// or options, a label with the symbol, help, group, live or reset). The same schema drives the
// settings panel, validates what a link says (a bad or hostile value falls back to its default with a
// plain-text notice), writes the state back to the URL, and gives the lab its TypeScript settings type
// (`StateOf`), so no lab casts its settings. Nothing here touches the DOM.

/** Where a setting sits in the panel; 'advanced' is collapsed (and hidden in present mode). */
export const SETTING_GROUPS = ['era', 'baselines', 'optimisation', 'data', 'advanced'] as const;
export type SettingGroup = (typeof SETTING_GROUPS)[number];

interface BaseSpec {
  /** URL key and state key. */
  name: string;
  /** Visible label; carries the symbol (H₀, k, ω_low, …) so the control's accessible name contains it. */
  label: string;
  /** ASCII spelling of the symbol for assistive tech and search (e.g. "H0", "omega low"). */
  ascii?: string;
  /** Shown under the control (not only as a tooltip). */
  help: string;
  group: SettingGroup;
  /**
   * 'live': a running training picks the new value up at its next step. 'reset': it needs a fresh
   * start (model, data, seeds, sizes). Labs without training (Explore) are all 'live'.
   */
  apply: 'live' | 'reset';
  /** Shown only when this holds (e.g. the reacher's link count only for the reacher). */
  when?: (state: Readonly<Record<string, unknown>>) => boolean;
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

export interface EnumSpec<O extends string = string> extends BaseSpec {
  kind: 'enum';
  options: readonly O[];
  default: NoInfer<O>;
  /** Display text per option (default: the option itself). */
  optionLabels?: Readonly<Partial<Record<O, string>>>;
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

type ValueOf<S> = S extends NumberSpec
  ? number
  : S extends { kind: 'enum'; options: readonly (infer O)[] }
    ? O
    : S extends BoolSpec
      ? boolean
      : S extends ListSpec
        ? number[] | null
        : never;

/** The settings object a schema describes: one typed field per spec. */
export type StateOf<Specs extends readonly ParamSpec[]> = { [S in Specs[number] as S['name']]: ValueOf<S> };

/** A cross-field rule: a message when a state breaks it, and the repaired state. */
export interface Rule<S> {
  check: (state: S) => string | null;
  fix: (state: S) => S;
}

export interface SchemaOptions<S> {
  rules?: readonly Rule<S>[];
  /**
   * Defaults that depend on other settings (e.g. mountain car's exploring warm-up): `values` gives them
   * for a state, `keys` names every setting it may derive. They apply while the user has set none of
   * those keys, in the link or by hand: a value set by hand still wins.
   */
  derivedDefaults?: DerivedDefaults<S>;
}

export interface DerivedDefaults<S> {
  keys: readonly (keyof S & string)[];
  values: (state: S) => Partial<S>;
}

export interface Schema<Specs extends readonly ParamSpec[] = readonly ParamSpec[]> {
  specs: Specs;
  rules: readonly Rule<StateOf<Specs>>[];
  derivedDefaults?: DerivedDefaults<StateOf<Specs>>;
}

export function defineSchema<const Specs extends readonly ParamSpec[]>(specs: Specs, options: SchemaOptions<StateOf<Specs>> = {}): Schema<Specs> {
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) throw new Error(`schema: duplicate setting name "${s.name}"`);
    seen.add(s.name);
    if (s.kind === 'enum' && !s.options.includes(s.default)) throw new Error(`schema: default of "${s.name}" is not one of its options`);
    if ((s.kind === 'number' || s.kind === 'int') && !(s.default >= s.min && s.default <= s.max)) {
      throw new Error(`schema: default of "${s.name}" (${s.default}) is outside [${s.min}, ${s.max}]`);
    }
  }
  return { specs, rules: options.rules ?? [], derivedDefaults: options.derivedDefaults };
}

/** The static defaults of every setting (lists: null). */
export function defaults<Specs extends readonly ParamSpec[]>(schema: Schema<Specs>): StateOf<Specs> {
  const out: Record<string, unknown> = {};
  for (const s of schema.specs) out[s.name] = s.kind === 'list' ? null : s.default;
  return out as StateOf<Specs>;
}

/** The spec of one setting by name (undefined for an unknown name). */
export function specOf(schema: Schema, name: string): ParamSpec | undefined {
  return schema.specs.find((s) => s.name === name);
}

/** What a notice shows of a rejected value: short, and with control characters removed. */
export function quoteForNotice(raw: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced here
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

/**
 * Derived defaults, applied together or not at all: settings that belong together (a warm-up's length
 * and its action hold) follow the derived values only while the user has set none of them; a key the
 * rule does not derive in this state goes back to its static default.
 */
function withDerivedDefaults<Specs extends readonly ParamSpec[]>(schema: Schema<Specs>, state: StateOf<Specs>, touched: ReadonlySet<string>): StateOf<Specs> {
  const d = schema.derivedDefaults;
  if (!d || d.keys.some((k) => touched.has(k as string))) return state;
  const values = d.values(state) as Record<string, unknown>;
  const out = { ...(state as Record<string, unknown>) };
  for (const k of d.keys as readonly string[]) out[k] = k in values ? values[k] : specDefault(schema, k);
  return out as StateOf<Specs>;
}

function specDefault(schema: Schema, name: string): unknown {
  const spec = specOf(schema, name);
  return spec?.kind === 'list' ? null : spec?.default;
}

/** The default a setting has in this state: its derived default where the state follows it, else its static one. */
export function effectiveDefault<Specs extends readonly ParamSpec[]>(schema: Schema<Specs>, state: StateOf<Specs>, name: string): unknown {
  const d = schema.derivedDefaults;
  if (d && (d.keys as readonly string[]).includes(name)) {
    // Derived values count as defaults only while the state follows all of them (else a reload, which
    // sees some of them set, would not derive the others).
    const values = d.values(state) as Record<string, unknown>;
    const s = state as Record<string, unknown>;
    const follows = (d.keys as readonly string[]).every((k) => s[k] === (k in values ? values[k] : specDefault(schema, k)));
    if (follows && name in values) return values[name];
  }
  return specDefault(schema, name);
}

export interface ParseResult<S> {
  state: S;
  /** One plain-text line per value that was ignored, for a visible notice. */
  notices: string[];
  /** The settings the link set (valid values only): derived defaults leave them alone. */
  touched: Set<string>;
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
  const touched = new Set<string>();
  const byName = new Map(schema.specs.map((s) => [s.name, s] as const));
  for (const [key, raw] of params) {
    if (ignore.includes(key)) continue;
    const spec = byName.get(key);
    if (!spec) {
      notices.push(`Ignored unknown setting ${quoteForNotice(key)}.`);
      continue;
    }
    const r = parseValue(spec, raw);
    if (r.ok) {
      state[key] = r.value;
      touched.add(key);
    } else notices.push(`Ignored ${spec.name} = ${quoteForNotice(raw)} (${r.why}); using the default.`);
  }
  let out = withDerivedDefaults(schema, state as StateOf<Specs>, touched) as Record<string, unknown>;
  // Ranges that depend on other settings, checked once every value is known.
  for (const spec of schema.specs) {
    if ((spec.kind === 'number' || spec.kind === 'int') && spec.range) {
      const { min, max } = numberRange(spec, out);
      const v = out[spec.name] as number;
      if (v < min || v > max) {
        const fallback = clamp(spec.default, min, max);
        notices.push(`${spec.name} = ${v} is outside ${fmtRange(min, max)} for these settings; using ${+fallback.toPrecision(6)}.`);
        out = { ...out, [spec.name]: fallback };
      }
    }
  }
  let s = out as StateOf<Specs>;
  for (const rule of schema.rules) {
    const message = rule.check(s);
    if (message) {
      notices.push(message);
      s = rule.fix(s);
    }
  }
  return { state: s, notices, touched };
}

export function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}

function formatNumber(v: number): string {
  // Enough digits to round-trip a slider value, no float noise like 0.30000000000000004.
  return String(+v.toPrecision(10));
}

/** Writes the settings that differ from their (effective) defaults: a short URL that still reproduces the view. */
export function serializeParams<Specs extends readonly ParamSpec[]>(schema: Schema<Specs>, state: StateOf<Specs>): URLSearchParams {
  const out = new URLSearchParams();
  const s = state as Record<string, unknown>;
  for (const spec of schema.specs) {
    const v = s[spec.name];
    const def = effectiveDefault(schema, state, spec.name);
    switch (spec.kind) {
      case 'number':
      case 'int':
        if (v !== def) out.set(spec.name, formatNumber(v as number));
        break;
      case 'enum':
        if (v !== def) out.set(spec.name, v as string);
        break;
      case 'bool':
        if (v !== def) out.set(spec.name, v ? '1' : '0');
        break;
      case 'list':
        if (Array.isArray(v)) out.set(spec.name, v.map((x) => String(+x.toFixed(spec.decimals))).join(','));
        break;
    }
  }
  return out;
}

/**
 * A state changed by the controls, brought back inside every dependent range and rule (no notices: the
 * user did it). Settings not in `touched` follow their derived defaults.
 */
export function normalizeState<Specs extends readonly ParamSpec[]>(
  schema: Schema<Specs>,
  state: StateOf<Specs>,
  touched: ReadonlySet<string> = new Set(),
): StateOf<Specs> {
  let s = withDerivedDefaults(schema, state, touched) as Record<string, unknown>;
  for (const spec of schema.specs) {
    if ((spec.kind === 'number' || spec.kind === 'int') && spec.range) {
      const { min, max } = numberRange(spec, s);
      s = { ...s, [spec.name]: clamp(s[spec.name] as number, min, max) };
    }
  }
  let out = s as StateOf<Specs>;
  for (const rule of schema.rules) if (rule.check(out)) out = rule.fix(out);
  return out;
}

/** The names of the settings whose values differ between two states. */
export function changedKeys<Specs extends readonly ParamSpec[]>(schema: Schema<Specs>, a: StateOf<Specs>, b: StateOf<Specs>): string[] {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return schema.specs.filter((s) => JSON.stringify(x[s.name]) !== JSON.stringify(y[s.name])).map((s) => s.name);
}
