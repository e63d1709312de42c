// Every lab's settings come from the one schema: each declares its keys once, with a group, live or
// reset, a label that carries its symbol, and help; links round-trip; hostile values get notices;
// derived defaults (mountain car's warm-up) follow until the user sets one of them.
import { describe, expect, it } from 'vitest';
import { classifySchema } from '../src/ui/labs/classify/schema.ts';
import { CONTROL_DEFAULTS, controlSchema } from '../src/ui/labs/control/schema.ts';
import { exploreSchema } from '../src/ui/labs/explore/schema.ts';
import { tokensSchema } from '../src/ui/labs/tokens/schema.ts';
import { SHELL_KEYS, hiddenKeys } from '../src/ui/state/hash.ts';
import { SETTING_GROUPS, type Schema, defaults, normalizeState, parseParams, serializeParams } from '../src/ui/state/schema.ts';

const LABS: Array<[string, Schema]> = [
  ['explore', exploreSchema],
  ['classify', classifySchema],
  ['control', controlSchema],
  ['tokens', tokensSchema],
];

describe('lab schemas', () => {
  it.each(LABS)('%s: every setting has a group, live/reset, help, and its defaults make an empty link', (_lab, schema) => {
    for (const s of schema.specs) {
      expect(SETTING_GROUPS).toContain(s.group);
      expect(['live', 'reset']).toContain(s.apply);
      expect(s.help.length).toBeGreaterThan(10);
    }
    expect(serializeParams(schema, defaults(schema)).toString()).toBe('');
    expect(parseParams(schema, new URLSearchParams(''), SHELL_KEYS).notices).toEqual([]);
  });

  it('labels carry the symbols of the knobs a class drags', () => {
    const label = (schema: Schema, name: string) => schema.specs.find((s) => s.name === name)!.label;
    expect(label(classifySchema, 'h0')).toMatch(/H₀/);
    expect(label(classifySchema, 'ls')).toMatch(/ε/);
    expect(label(classifySchema, 'dropout')).toMatch(/^p /);
    expect(label(classifySchema, 'lr')).toMatch(/^lr /);
    expect(label(controlSchema, 'targetEntropyPerDim')).toMatch(/H₀/);
    expect(label(controlSchema, 'delta')).toMatch(/δ/);
    expect(label(tokensSchema, 'k')).toMatch(/^k /);
    expect(label(tokensSchema, 'omegaLow')).toBe('ω_low');
    expect(label(tokensSchema, 'omegaHigh')).toBe('ω_high');
  });

  it('the live settings are the ones the classroom issue names', () => {
    const live = (schema: Schema) => schema.specs.filter((s) => s.apply === 'live').map((s) => s.name);
    expect(live(classifySchema)).toEqual(['h0', 'ls', 'dropout', 'lr']);
    // Exactly what the control worker's setLive applies (lr needs a reset: the agents' optimisers are built with it).
    expect(live(controlSchema)).toEqual(['targetEntropyPerDim', 'delta', 'budget']);
    expect(live(tokensSchema)).toEqual(expect.arrayContaining(['k', 'omegaLow', 'omegaHigh', 'scaleAdvantages', 'learningRate']));
  });

  it.each(LABS)('%s: a hostile value of every setting falls back to its default with a notice', (_lab, schema) => {
    const q = new URLSearchParams();
    for (const s of schema.specs) q.set(s.name, '<img src=x onerror=alert(1)>');
    const r = parseParams(schema, q, SHELL_KEYS);
    expect(r.state).toEqual(defaults(schema));
    expect(r.notices).toHaveLength(schema.specs.length);
  });
});

describe('derived defaults: mountain car’s exploring warm-up', () => {
  it('follows the environment until a warm-up setting is set, and every state round-trips through its link', () => {
    const mc = parseParams(controlSchema, new URLSearchParams('env=mountain-car')).state;
    expect(mc).toMatchObject({ warmup: 5000, warmupHold: 25 });
    expect(serializeParams(controlSchema, mc).toString()).toBe('env=mountain-car');
    // Only the hold set by hand: the warm-up's length must travel in the link too, or a reload would not derive it.
    const held = normalizeState(controlSchema, { ...mc, warmupHold: 10 }, new Set(['warmupHold']));
    expect(held).toMatchObject({ warmup: 5000, warmupHold: 10 });
    const link = serializeParams(controlSchema, held);
    expect(parseParams(controlSchema, link).state).toEqual(held);
    // Back to the default environment (the point mass) with nothing set by hand: the default warm-up returns.
    expect(CONTROL_DEFAULTS.env).toBe('point-mass');
    expect(normalizeState(controlSchema, { ...mc, env: 'point-mass' }, new Set(['env']))).toEqual(CONTROL_DEFAULTS);
    // Pendulum is not mountain car either: it takes the default warm-up too.
    expect(normalizeState(controlSchema, { ...mc, env: 'pendulum' }, new Set(['env']))).toEqual({ ...CONTROL_DEFAULTS, env: 'pendulum' });
  });
});

describe('hide=', () => {
  it('names setting keys to hide', () => {
    expect([...hiddenKeys(new URLSearchParams('hide=lr,batch'))]).toEqual(['lr', 'batch']);
    expect(hiddenKeys(new URLSearchParams('')).size).toBe(0);
    // It is a shell key: no lab reports it as unknown.
    expect(parseParams(classifySchema, new URLSearchParams('hide=lr&present=1&lesson=x'), SHELL_KEYS).notices).toEqual([]);
  });
});
