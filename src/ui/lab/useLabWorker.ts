// The one page-side bridge to a lab's worker (src/lab/runtime.ts on the other side): it sends the base
// commands, folds every message into a plain object as it arrives, and lets React see it at most once
// per animation frame, so a burst of queued messages costs one render, not one each.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FromWorker, LabStatus, PerfReport, ToWorker } from '../../lab/protocol.ts';
import { frameScheduler } from '../hooks/frameScheduler.ts';

export interface LabWorkerState<View> {
  backend: string | null;
  status: LabStatus;
  perf: PerfReport | null;
  error: string | null;
  view: View;
}

export interface LabWorkerOptions<Update, Payload, View> {
  /** Starts the lab's worker (`new Worker(new URL('…/worker.ts', import.meta.url), { type: 'module' })`). */
  create: () => Worker;
  /** The view of a fresh session. */
  initialView: () => View;
  /** Folds a batch of updates into the view (pure; return the same object when nothing changed). */
  reduce: (view: View, updates: Update[]) => View;
  /** Folds one of the lab's own payloads into the view (pure). */
  reducePayload?: (view: View, payload: Payload) => View;
  /** Acts on a payload outside React (e.g. draws a canvas frame); runs before `reducePayload`. */
  onPayload?: (payload: Payload) => void;
}

export interface LabWorker<Settings, Command, View> {
  state: LabWorkerState<View>;
  /** A fresh session with these settings; the view starts over. */
  reset(settings: Settings): void;
  play(): void;
  pause(): void;
  step(): void;
  live(patch: Partial<Settings>): void;
  command(command: Command, transfer?: Transferable[]): void;
}

const IDLE: LabStatus = { running: false, step: 0, totalSteps: null, finished: false, rate: null, rateUnit: '' };

export function useLabWorker<Settings, Update, Command = never, Payload = never, View = unknown>(
  options: LabWorkerOptions<Update, Payload, View>,
): LabWorker<Settings, Command, View> {
  const opts = useRef(options);
  opts.current = options;
  const [state, setState] = useState<LabWorkerState<View>>(() => ({ backend: null, status: IDLE, perf: null, error: null, view: options.initialView() }));
  const latest = useRef(state);
  const worker = useRef<Worker | null>(null);
  const render = useRef<ReturnType<typeof frameScheduler> | null>(null);

  useEffect(() => {
    const scheduler = frameScheduler(() => setState(latest.current));
    render.current = scheduler;
    const fold = (patch: (s: LabWorkerState<View>) => LabWorkerState<View>) => {
      latest.current = patch(latest.current);
      scheduler.request();
    };
    const w = opts.current.create();
    worker.current = w;
    w.onmessage = (e: MessageEvent<FromWorker<Update, Payload>>) => {
      const m = e.data;
      switch (m.type) {
        case 'ready':
          return fold((s) => ({ ...s, backend: m.backend }));
        case 'status':
          return fold((s) => ({ ...s, status: m.status }));
        case 'error':
          return fold((s) => ({ ...s, error: m.message }));
        case 'perf':
          return fold((s) => ({ ...s, perf: m.perf }));
        case 'updates':
          return fold((s) => ({ ...s, view: opts.current.reduce(s.view, m.updates) }));
        case 'lab': {
          opts.current.onPayload?.(m.payload);
          const reducePayload = opts.current.reducePayload;
          if (reducePayload) fold((s) => ({ ...s, view: reducePayload(s.view, m.payload) }));
          return;
        }
      }
    };
    w.onerror = (e) => fold((s) => ({ ...s, error: e.message || 'the training worker failed to start' }));
    return () => {
      scheduler.cancel();
      w.terminate();
      worker.current = null;
    };
  }, []);

  const send = useCallback((m: ToWorker<Settings, Command>, transfer: Transferable[] = []) => worker.current?.postMessage(m, transfer), []);

  const reset = useCallback(
    (settings: Settings) => {
      latest.current = {
        ...latest.current,
        status: { ...latest.current.status, step: 0, running: false, finished: false, rate: null },
        error: null,
        view: opts.current.initialView(),
      };
      setState(latest.current);
      send({ type: 'reset', settings });
    },
    [send],
  );

  const play = useCallback(() => send({ type: 'play' }), [send]);
  const pause = useCallback(() => send({ type: 'pause' }), [send]);
  const step = useCallback(() => send({ type: 'step' }), [send]);
  const live = useCallback((patch: Partial<Settings>) => send({ type: 'live', patch }), [send]);
  const command = useCallback((c: Command, transfer?: Transferable[]) => send({ type: 'lab', command: c }, transfer), [send]);
  return useMemo(() => ({ state, reset, play, pause, step, live, command }), [state, reset, play, pause, step, live, command]);
}
