// The shared worker runtime, driven through a fake port in Node: sessions, play/pause/step, live
// settings, the step budget, batched updates, the status line and the performance report.
import { describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '../../src/lab/protocol.ts';
import { type LabSession, type Port, runLabWorker } from '../../src/lab/runtime.ts';

interface Settings {
  lr: number;
  budget: number | null;
  fail?: boolean;
}
type Update = { step: number; lr: number };

class FakeSession implements LabSession<Settings, Update> {
  stepCount = 0;
  disposed = false;
  workPerStep = 32;
  constructor(public settings: Settings) {}
  get totalSteps() {
    return this.settings.budget;
  }
  get finished() {
    return false;
  }
  async step(): Promise<Update[]> {
    if (this.settings.fail) throw new Error('boom at step ' + (this.stepCount + 1));
    await new Promise((r) => setTimeout(r, 2));
    this.stepCount++;
    return [{ step: this.stepCount, lr: this.settings.lr }];
  }
  setLive(patch: Partial<Settings>) {
    this.settings = { ...this.settings, ...patch };
  }
  async profile() {
    return { stepGpuMs: null, eraKernels: [{ name: 'era_softmax.forward', ms: 0.5 }] };
  }
  dispose() {
    this.disposed = true;
  }
}

function harness() {
  const out: FromWorker<Update, { note: string }>[] = [];
  let handler: (m: ToWorker<Settings, string>) => void = () => {};
  const port: Port<ToWorker<Settings, string>, FromWorker<Update, { note: string }>> = {
    post: (m) => out.push(m),
    listen: (h) => (handler = h),
  };
  const sessions: FakeSession[] = [];
  runLabWorker<Settings, Update, string, { note: string }>(
    {
      rateUnit: 'images/s',
      selectBackend: async () => 'cpu',
      describeAdapter: () => 'test adapter',
      createSession: async (s) => {
        const session = new FakeSession(s);
        sessions.push(session);
        return session;
      },
      command: async (c, ctx) => ctx.post({ note: `${c} at ${ctx.session?.stepCount}` }),
      postIntervalMs: 0,
      profileEverySteps: 4,
    },
    port,
  );
  const send = (m: ToWorker<Settings, string>) => handler(m);
  const until = async (pred: () => boolean) => {
    for (let i = 0; i < 500 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(pred()).toBe(true);
  };
  const statuses = () => out.filter((m) => m.type === 'status').map((m) => (m as Extract<typeof m, { type: 'status' }>).status);
  const updates = () => out.flatMap((m) => (m.type === 'updates' ? m.updates : []));
  return { out, send, until, sessions, statuses, updates };
}

describe('lab worker runtime', () => {
  it('resets into a session, steps once, plays until paused and reports a non-zero rate', async () => {
    const h = harness();
    h.send({ type: 'reset', settings: { lr: 0.1, budget: null } });
    await h.until(() => h.statuses().length > 0);
    expect(h.out[0]).toEqual({ type: 'ready', backend: 'cpu' });
    h.send({ type: 'step' });
    await h.until(() => h.updates().length === 1);
    h.send({ type: 'play' });
    await h.until(() => h.updates().length >= 6);
    expect(h.statuses().some((s) => s.running && s.rate !== null && s.rate > 0)).toBe(true);
    // Every status while running has a rate: the throughput never reads 0 (or nothing) mid-training.
    for (const s of h.statuses().filter((x) => x.running && x.step > 0)) expect(s.rate).toBeGreaterThan(0);
    h.send({ type: 'pause' });
    await h.until(() => h.statuses().at(-1)?.running === false);
    await new Promise((r) => setTimeout(r, 20)); // the step in flight when pause arrived completes
    const at = h.sessions[0].stepCount;
    await new Promise((r) => setTimeout(r, 30));
    expect(h.sessions[0].stepCount).toBe(at);
    expect(h.updates().map((u) => u.step)).toEqual(Array.from({ length: at }, (_, i) => i + 1));
    expect(h.statuses().at(-1)).toMatchObject({ step: at, rateUnit: 'images/s', finished: false });
  });

  it('applies live settings from the next step without a new session', async () => {
    const h = harness();
    h.send({ type: 'reset', settings: { lr: 0.1, budget: null } });
    h.send({ type: 'play' });
    await h.until(() => h.updates().length >= 3);
    h.send({ type: 'live', patch: { lr: 0.5 } });
    await h.until(() => h.updates().some((u) => u.lr === 0.5));
    h.send({ type: 'pause' });
    expect(h.sessions).toHaveLength(1);
    const lrs = h.updates().map((u) => u.lr);
    const first = lrs.indexOf(0.5);
    expect(lrs.slice(first).every((x) => x === 0.5)).toBe(true);
    expect(lrs.slice(0, first).every((x) => x === 0.1)).toBe(true);
  });

  it('stops at the step budget and says it finished; a reset disposes the old session', async () => {
    const h = harness();
    h.send({ type: 'reset', settings: { lr: 0.1, budget: 5 } });
    h.send({ type: 'play' });
    await h.until(() => h.statuses().at(-1)?.finished === true && h.statuses().at(-1)?.running === false);
    expect(h.sessions[0].stepCount).toBe(5);
    expect(h.statuses().at(-1)).toMatchObject({ step: 5, totalSteps: 5 });
    h.send({ type: 'play' }); // finished: nothing more happens
    await new Promise((r) => setTimeout(r, 30));
    expect(h.sessions[0].stepCount).toBe(5);
    h.send({ type: 'reset', settings: { lr: 0.1, budget: null } });
    await h.until(() => h.sessions.length === 2);
    expect(h.sessions[0].disposed).toBe(true);
    expect(h.statuses().at(-1)).toMatchObject({ step: 0, finished: false, running: false });
  });

  it('posts a performance report after step 2 and every few steps, and errors as messages', async () => {
    const h = harness();
    h.send({ type: 'reset', settings: { lr: 0.1, budget: 8 } });
    h.send({ type: 'play' });
    await h.until(() => h.statuses().at(-1)?.finished === true);
    const perf = h.out.filter((m) => m.type === 'perf');
    expect(perf).toHaveLength(3); // steps 2, 4 and 8
    expect(perf[0]).toMatchObject({ perf: { adapter: 'test adapter', stepGpuMs: null, eraKernels: [{ name: 'era_softmax.forward', ms: 0.5 }] } });
    expect((perf[0] as Extract<(typeof perf)[0], { type: 'perf' }>).perf.stepMs).toBeGreaterThan(0);
    h.send({ type: 'lab', command: 'hello' });
    await h.until(() => h.out.some((m) => m.type === 'lab'));
    expect(h.out.find((m) => m.type === 'lab')).toEqual({ type: 'lab', payload: { note: 'hello at 8' } });
    h.send({ type: 'reset', settings: { lr: 0.1, budget: null, fail: true } });
    h.send({ type: 'play' });
    await h.until(() => h.out.some((m) => m.type === 'error'));
    expect(h.out.find((m) => m.type === 'error')).toEqual({ type: 'error', message: 'boom at step 1' });
  });
});
