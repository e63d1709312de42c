// The one worker runtime every lab runs on: it owns the play/pause/step loop (StepLoop), the session's
// lifetime, live settings, the step budget, batched updates, the status line (with a throughput that
// never reads 0 while stepping) and the periodic performance report. A lab supplies its session and,
// if it needs them, its own commands; nothing here knows about classification, control or tokens.
// The port is injectable so the runtime is tested in Node without a Worker.
import { StepLoop } from '../util/stepLoop.ts';
import type { FromWorker, LabStatus, PerfReport, ToWorker } from './protocol.ts';

/** One lab's training state inside the worker: every run of the comparison, advanced together. */
export interface LabSession<Settings, Update> {
  /** Steps taken so far. */
  readonly stepCount: number;
  /** The step budget (the loop pauses there), or null for none. */
  readonly totalSteps: number | null;
  /** True when no step can follow (e.g. every run diverged). */
  readonly finished: boolean;
  /** One step of every run; returns what the page's charts need. */
  step(): Promise<Update[]>;
  /** Units of work in one step for the throughput (images, environment steps); default 1. */
  readonly workPerStep?: number;
  /** Applies live settings from the next step on. */
  setLive(patch: Partial<Settings>): void;
  /** GPU figures of one step for the performance panel (profiling is costly: called rarely). */
  profile?(): Promise<Pick<PerfReport, 'stepGpuMs' | 'eraKernels'> | null>;
  dispose(): void;
}

export interface Port<In, Out> {
  post(message: Out, transfer?: Transferable[]): void;
  listen(handler: (message: In) => void): void;
}

export interface LabContext<Settings, Update, Payload> {
  readonly session: LabSession<Settings, Update> | null;
  readonly settings: Settings | null;
  /** Whether the training loop is playing. */
  readonly running: boolean;
  post(payload: Payload, transfer?: Transferable[]): void;
  /** Rebuilds the session from the current settings (e.g. once missing data arrived). */
  restart(): Promise<void>;
  /** Pauses the training loop and waits for the step in flight. */
  stop(): Promise<void>;
  /** Posts pending updates and the status now. */
  flush(): void;
}

export interface LabWorkerSpec<Settings, Update, Command = never, Payload = never> {
  /** The unit of the throughput, e.g. 'images/s'. */
  rateUnit: string;
  /** Picks (or switches) the TF.js backend for these settings; returns its name. */
  selectBackend(settings: Settings): Promise<string>;
  /** A fresh session, or null when it cannot start yet (the lab posts why). */
  createSession(settings: Settings, ctx: LabContext<Settings, Update, Payload>): Promise<LabSession<Settings, Update> | null>;
  /** The lab's own commands. */
  command?(command: Command, ctx: LabContext<Settings, Update, Payload>): Promise<void>;
  /** Runs after every step (e.g. one frame of the rollout canvases). */
  afterStep?(ctx: LabContext<Settings, Update, Payload>): Promise<void>;
  /** The adapter's description for the performance panel. */
  describeAdapter(): string;
  /** Updates and status are posted at most this often (ms). */
  postIntervalMs?: number;
  /** A performance report every this many runtime steps (and after the second). */
  profileEverySteps?: number;
}

/** Throughput over the recent steps: work done inside steps over the time spent in them. */
class RateMeter {
  private recent: Array<{ at: number; work: number; ms: number }> = [];

  add(work: number, ms: number): void {
    const now = performance.now();
    this.recent.push({ at: now, work, ms });
    // The last 3 s, but always the latest step: a slow step (seconds) still gives a rate.
    while (this.recent.length > 1 && now - this.recent[0].at > 3000) this.recent.shift();
  }

  rate(): number | null {
    const ms = this.recent.reduce((s, r) => s + r.ms, 0);
    return this.recent.length && ms > 0 ? (1000 * this.recent.reduce((s, r) => s + r.work, 0)) / ms : null;
  }

  stepMs(): number | null {
    return this.recent.length ? this.recent.reduce((s, r) => s + r.ms, 0) / this.recent.length : null;
  }

  clear(): void {
    this.recent = [];
  }
}

/** The worker's own end of postMessage. */
export function selfPort<In, Out>(): Port<In, Out> {
  const scope = self as unknown as { postMessage(m: unknown, t?: Transferable[]): void; onmessage: ((e: MessageEvent) => void) | null };
  return {
    post: (m, transfer = []) => scope.postMessage(m, transfer),
    listen: (handler) => {
      scope.onmessage = (e: MessageEvent) => handler(e.data as In);
    },
  };
}

export function runLabWorker<Settings, Update, Command = never, Payload = never>(
  spec: LabWorkerSpec<Settings, Update, Command, Payload>,
  port: Port<ToWorker<Settings, Command>, FromWorker<Update, Payload>> = selfPort(),
): void {
  const postInterval = spec.postIntervalMs ?? 200;
  const profileEvery = spec.profileEverySteps ?? 50;
  let session: LabSession<Settings, Update> | null = null;
  let settings: Settings | null = null;
  let pending: Update[] = [];
  let lastPost = 0;
  /** Runtime steps of this session (the profiling cadence; a lab's own step count may differ). */
  let stepsTaken = 0;
  const meter = new RateMeter();

  const status = (): LabStatus => ({
    running: loop.running,
    step: session?.stepCount ?? 0,
    totalSteps: session?.totalSteps ?? null,
    finished: isFinished(),
    rate: meter.rate(),
    rateUnit: spec.rateUnit,
  });
  const isFinished = () => !!session && (session.finished || (session.totalSteps !== null && session.stepCount >= session.totalSteps));

  function flush(force = false): void {
    const now = performance.now();
    if (!force && now - lastPost < postInterval) return;
    lastPost = now;
    if (pending.length) port.post({ type: 'updates', updates: pending });
    pending = [];
    port.post({ type: 'status', status: status() });
  }

  async function postPerf(): Promise<void> {
    if (!session) return;
    const gpu = (await session.profile?.()) ?? null;
    port.post({
      type: 'perf',
      perf: { adapter: spec.describeAdapter(), stepMs: meter.stepMs(), stepGpuMs: gpu?.stepGpuMs ?? null, eraKernels: gpu?.eraKernels ?? null },
    });
  }

  async function stepOnce(): Promise<void> {
    if (!session || isFinished()) {
      loop.pause();
      return;
    }
    const t0 = performance.now();
    const updates = await session.step();
    pending.push(...updates); // after the await: a flush meanwhile may have replaced `pending`
    meter.add(session.workPerStep ?? 1, performance.now() - t0);
    await spec.afterStep?.(ctx);
    stepsTaken++;
    if (stepsTaken === 2 || stepsTaken % profileEvery === 0) await postPerf();
    if (isFinished()) loop.pause();
  }

  const loop = new StepLoop({ step: stepOnce, flush, onError: (message) => port.post({ type: 'error', message }) });

  async function startSession(): Promise<void> {
    session?.dispose();
    session = null;
    pending = [];
    stepsTaken = 0;
    meter.clear();
    if (settings === null) return;
    session = await spec.createSession(settings, ctx);
  }

  const ctx: LabContext<Settings, Update, Payload> = {
    get session() {
      return session;
    },
    get settings() {
      return settings;
    },
    get running() {
      return loop.running;
    },
    post: (payload, transfer) => port.post({ type: 'lab', payload }, transfer),
    restart: async () => {
      await loop.stop();
      await startSession();
      flush(true);
    },
    stop: () => loop.stop(),
    flush: () => flush(true),
  };

  let backend: string | null = null;
  async function handle(msg: ToWorker<Settings, Command>): Promise<void> {
    try {
      switch (msg.type) {
        case 'reset': {
          await loop.stop();
          settings = msg.settings;
          const picked = await spec.selectBackend(msg.settings);
          if (picked !== backend) port.post({ type: 'ready', backend: (backend = picked) });
          await startSession();
          flush(true);
          break;
        }
        case 'play':
          if (session && !isFinished()) loop.play();
          flush(true); // "running" at once, not after the first (possibly slow) step
          break;
        case 'pause':
          loop.pause();
          // With a step in flight, the loop posts the status once that step finished: the page then
          // shows Play only when training has really stopped.
          if (!loop.busy) flush(true);
          break;
        case 'step':
          if (!loop.running) await loop.stepOnce();
          break;
        case 'live':
          if (settings) settings = { ...settings, ...msg.patch };
          session?.setLive(msg.patch);
          flush(true);
          break;
        case 'lab':
          await spec.command?.(msg.command, ctx);
          break;
      }
    } catch (e) {
      port.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  // Commands run one after another (a reset never lands in the middle of a step: it stops the loop first).
  let queue: Promise<void> = Promise.resolve();
  port.listen((msg) => {
    queue = queue.then(() => handle(msg));
  });
}
