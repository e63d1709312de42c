// The Control lab's page-side data: folding worker snapshots into the runs, the decimated chart rows
// (bounded, while the runs keep every episode for the exports) and the per-frame scheduler.
import { describe, expect, it } from 'vitest';
import type { UpdateStats } from '../src/control/agents/types.ts';
import type { RunSnapshot } from '../src/control/protocol.ts';
import type { EpisodeRecord } from '../src/control/trainer.ts';
import { frameScheduler } from '../src/ui/hooks/frameScheduler.ts';
import { applySnapshots, bandRowsByStep, bandSeries, chartRows, emptyRuns, mergeEpisodes } from '../src/ui/labs/control/runs.ts';
import { CONTROL_DEFAULTS as DEFAULT_LAB_CONFIG, type ControlSettings, controlSchema } from '../src/ui/labs/control/schema.ts';
import { normalizeState, parseParams, serializeParams } from '../src/ui/state/schema.ts';

// The lab's settings go through the shared schema: picking an environment in the panel is an update of
// `env` (the keys set by hand so far are `touched`); a link is parsed by parseParams.
const touchedOf = (c: ControlSettings) =>
  new Set(Object.keys(c).filter((k) => (c as Record<string, unknown>)[k] !== (DEFAULT_LAB_CONFIG as Record<string, unknown>)[k] && k !== 'env'));
const withEnv = (c: ControlSettings, env: ControlSettings['env'], touched = touchedOf(c)) =>
  normalizeState(controlSchema, { ...c, env }, new Set([...touched, 'env']));
const configFromParams = (p: URLSearchParams) => ({ config: parseParams(controlSchema, p).state });
const paramsFromConfig = (c: ControlSettings) => serializeParams(controlSchema, c);

const stats: UpdateStats = { criticLoss: 1, actorLoss: 2, qMean: 3, gaussianEntropy: 4, actionEntropy: 5, alpha: 0.1, delta: NaN };
const episode = (i: number, ret = -(i + 1)): EpisodeRecord => ({
  episode: i,
  step: 200 * (i + 1),
  return: ret,
  length: 200,
  gaussianEntropy: 1,
  actionEntropy: NaN,
  alpha: 0.2,
  delta: NaN,
  qMean: 0,
  criticLoss: 0,
  actorLoss: 0,
});
const snapshot = (agent: 'sac' | 'sac-era', steps: number, newEpisodes: EpisodeRecord[], slot = 0): RunSnapshot => ({
  agent,
  seed: 10 + slot,
  slot,
  steps,
  updates: steps,
  newEpisodes,
  stats,
  targetEntropy: -1,
  actionSize: 1,
  diverged: null,
});

describe('control runs view', () => {
  it('appends new episodes and keeps the episode array when none finished', () => {
    const a = applySnapshots(emptyRuns(), [snapshot('sac', 200, [episode(0)]), snapshot('sac-era', 200, [])]);
    expect(a.sac.episodes.map((e) => e.episode)).toEqual([0]);
    expect(a.sac.steps).toBe(200);
    const b = applySnapshots(a, [snapshot('sac', 260, []), snapshot('sac-era', 260, [])]);
    expect(b.sac.steps).toBe(260);
    expect(b.sac.episodes).toBe(a.sac.episodes); // same identity: the charts skip this message
    const c = applySnapshots(b, [snapshot('sac', 400, [episode(1)])]);
    expect(c.sac.episodes).not.toBe(b.sac.episodes);
    expect(c.sac.episodes.map((e) => e.episode)).toEqual([0, 1]);
    expect(c['sac-era']).toBe(b['sac-era']); // a run without a snapshot is untouched
  });

  it('keeps every seed’s episodes by slot and draws per agent the mean with the min–max band', () => {
    const a = applySnapshots(emptyRuns(), [snapshot('sac', 200, [episode(0, -4)], 0), snapshot('sac', 200, [episode(0, -2)], 1)]);
    expect(a.sac.seeds).toEqual([10, 11]);
    expect(a.sac.episodes).toBe(a.sac.bySlot[0]);
    expect(a.sac.bySlot.map((eps) => eps.map((e) => e.return))).toEqual([[-4], [-2]]);
    const b = applySnapshots(a, [snapshot('sac', 260, [], 0), snapshot('sac', 260, [], 1)]);
    expect(b.sac.bySlot).toBe(a.sac.bySlot); // nothing new: same identity
    const lines = [{ agent: 'sac' as const, field: 'return' as const, label: 'SAC', style: { color: '#000', width: 2 } }];
    expect(bandRowsByStep(b, lines, 100, false)).toEqual([{ step: 200, 'sac:return': -3, 'sac:return:min': -4, 'sac:return:max': -2 }]);
    expect(bandRowsByStep(b, lines, 100, true)[0]).toMatchObject({ 'sac:return@10': -4, 'sac:return@11': -2 });
    expect(bandSeries(b, lines, false)).toEqual([
      { key: 'sac:return', label: 'SAC (mean of 2 seeds)', style: { color: '#000', width: 2 }, band: { low: 'sac:return:min', high: 'sac:return:max' } },
    ]);
    expect(bandSeries(b, lines, true).map((x) => x.key)).toEqual(['sac:return', 'sac:return@10', 'sac:return@11']);
  });

  it('merges both runs into one row per episode, leaving non-finite values out', () => {
    const rows = mergeEpisodes({ sac: [episode(0), episode(1)], 'sac-era': [episode(0, -5)] });
    expect(rows).toEqual([
      {
        episode: 1,
        'sac:return': -1,
        'sac:gaussianEntropy': 1,
        'sac:alpha': 0.2,
        'sac:qMean': 0,
        'sac-era:return': -5,
        'sac-era:gaussianEntropy': 1,
        'sac-era:alpha': 0.2,
        'sac-era:qMean': 0,
      },
      { episode: 2, 'sac:return': -2, 'sac:gaussianEntropy': 1, 'sac:alpha': 0.2, 'sac:qMean': 0 },
    ]);
  });

  it('bounds the chart rows, keeping the first and the latest episode, without touching the runs', () => {
    const sac = Array.from({ length: 3000 }, (_, i) => episode(i));
    const era = Array.from({ length: 2500 }, (_, i) => episode(i, i));
    const rows = chartRows({ sac, 'sac-era': era }, 500);
    expect(rows).toHaveLength(500);
    expect(rows[0].episode).toBe(1);
    expect(rows.at(-1)!.episode).toBe(3000);
    expect(rows.at(-1)!['sac:return']).toBe(-3000);
    expect(rows.every((r, i) => i === 0 || r.episode > rows[i - 1].episode)).toBe(true);
    expect(sac).toHaveLength(3000);
    expect(chartRows({ sac: sac.slice(0, 10), 'sac-era': [] }, 500)).toHaveLength(10);
  });
});

/** A hand-cranked requestAnimationFrame and clock: `frame()` runs the callbacks queued before it, `elapse(ms)` the timers due. */
function fakeHost() {
  let frames = new Map<number, () => void>();
  const timers = new Map<number, { at: number; cb: () => void }>();
  let now = 0;
  let next = 1;
  return {
    raf: (cb: () => void) => {
      frames.set(next, cb);
      return next++;
    },
    cancelRaf: (id: number) => void frames.delete(id),
    setTimer: (cb: () => void, ms: number) => {
      timers.set(next, { at: now + ms, cb });
      return next++;
    },
    clearTimer: (id: unknown) => void timers.delete(id as number),
    frame() {
      const due = frames;
      frames = new Map();
      for (const cb of due.values()) cb();
    },
    elapse(ms: number) {
      now += ms;
      for (const [id, t] of [...timers]) {
        if (t.at <= now && timers.delete(id)) t.cb();
      }
    },
    get pending() {
      return frames.size + timers.size;
    },
  };
}

describe('frameScheduler', () => {
  it('runs once per frame however many requests came in', () => {
    const host = fakeHost();
    let calls = 0;
    const s = frameScheduler(() => calls++, host);
    s.request();
    s.request();
    s.request();
    expect(calls).toBe(0);
    host.frame();
    expect(calls).toBe(1);
    expect(host.pending).toBe(0); // the fallback timer went with the frame
    host.frame();
    host.elapse(1000);
    expect(calls).toBe(1);
    s.request();
    host.frame();
    expect(calls).toBe(2);
  });

  it('waits the given number of frames and drops a cancelled call', () => {
    const host = fakeHost();
    let calls = 0;
    const s = frameScheduler(() => calls++, { ...host, frames: 3 });
    s.request();
    host.frame();
    host.frame();
    s.request(); // already scheduled: does not restart the wait
    expect(calls).toBe(0);
    host.frame();
    expect(calls).toBe(1);
    s.request();
    host.frame();
    s.cancel();
    expect(host.pending).toBe(0);
    host.frame();
    host.elapse(1000);
    expect(calls).toBe(1);
    expect(() => frameScheduler(() => {}, { ...host, frames: 0 })).toThrow(RangeError);
  });

  it('falls back to a timer for each frame that does not come', () => {
    const host = fakeHost();
    let calls = 0;
    const s = frameScheduler(() => calls++, { ...host, frames: 2, frameTimeoutMs: 100 });
    s.request();
    host.elapse(99);
    expect(calls).toBe(0);
    host.elapse(1); // first frame missed: the timer stands in
    expect(calls).toBe(0);
    host.elapse(100);
    expect(calls).toBe(1);
    expect(host.pending).toBe(0);
    host.frame(); // the late frames run nothing
    expect(calls).toBe(1);
  });
});

describe('control settings: picking an environment', () => {
  it('gives mountain car its exploring warm-up, and takes it back, unless the user set one', () => {
    const mc = withEnv(DEFAULT_LAB_CONFIG, 'mountain-car');
    expect(mc).toMatchObject({ env: 'mountain-car', warmup: 5000, warmupHold: 25 });
    expect(DEFAULT_LAB_CONFIG.env).toBe('point-mass'); // the default task has D = 2
    expect(withEnv(mc, 'point-mass', new Set())).toEqual(DEFAULT_LAB_CONFIG);
    expect(withEnv(mc, 'pendulum', new Set())).toEqual({ ...DEFAULT_LAB_CONFIG, env: 'pendulum' });
    expect(withEnv(DEFAULT_LAB_CONFIG, 'reacher')).toEqual({ ...DEFAULT_LAB_CONFIG, env: 'reacher' });
    // A warm-up chosen by hand survives the switch both ways.
    const custom = { ...DEFAULT_LAB_CONFIG, warmup: 300 };
    expect(withEnv(custom, 'mountain-car')).toMatchObject({ env: 'mountain-car', warmup: 300, warmupHold: 1 });
    expect(withEnv({ ...mc, warmupHold: 10 }, 'point-mass', new Set(['warmupHold']))).toMatchObject({ env: 'point-mass', warmup: 5000, warmupHold: 10 });
  });
});

describe('control settings: links', () => {
  it('a link naming mountain car but no warm-up gets the exploring one; an explicit warm-up wins', () => {
    expect(configFromParams(new URLSearchParams('env=mountain-car')).config).toMatchObject({ warmup: 5000, warmupHold: 25 });
    expect(configFromParams(new URLSearchParams('env=mountain-car&warmup=2000')).config).toMatchObject({ warmup: 2000, warmupHold: 1 });
    expect(configFromParams(new URLSearchParams('env=point-mass')).config).toEqual(DEFAULT_LAB_CONFIG);
    expect(configFromParams(new URLSearchParams('env=pendulum')).config).toEqual({ ...DEFAULT_LAB_CONFIG, env: 'pendulum' });
    // What the page writes back reproduces the same settings.
    const mc = configFromParams(new URLSearchParams('env=mountain-car')).config;
    expect(configFromParams(paramsFromConfig(mc)).config).toEqual(mc);
  });
});
