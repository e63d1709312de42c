// Owns the lab's worker: sends commands, accumulates the runs' histories from its batched updates.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TokensSettings } from '../../../tokens/config.ts';
import type { FromWorker, ToWorker } from '../../../tokens/protocol.ts';
import type { EvalResult, StepMetrics } from '../../../tokens/trainer.ts';

export interface RunView {
  history: StepMetrics[];
  evals: EvalResult[];
  divergedAt: number | null;
}

export interface WorkerView {
  backend: string | null;
  running: boolean;
  stepsPerSecond: number;
  error: string | null;
  runs: Record<string, RunView>;
}

const empty = (): WorkerView['runs'] => ({});

export function useTokensWorker(settings: TokensSettings) {
  const worker = useRef<Worker | null>(null);
  const [view, setView] = useState<WorkerView>({ backend: null, running: false, stepsPerSecond: 0, error: null, runs: empty() });

  useEffect(() => {
    const w = new Worker(new URL('../../../tokens/worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      setView((v) => {
        switch (m.type) {
          case 'ready':
            return { ...v, backend: m.backend };
          case 'status':
            return { ...v, running: m.running, stepsPerSecond: m.stepsPerSecond };
          case 'error':
            return { ...v, error: m.message, running: false };
          case 'updates': {
            const runs = { ...v.runs };
            for (const u of m.updates) {
              const r = runs[u.run] ?? { history: [], evals: [], divergedAt: null };
              runs[u.run] = {
                history: u.metrics ? [...r.history, u.metrics] : r.history,
                evals: u.eval ? [...r.evals, u.eval] : r.evals,
                divergedAt: u.divergedAt ?? r.divergedAt,
              };
            }
            return { ...v, runs };
          }
        }
      });
    };
    w.onerror = (e) => setView((v) => ({ ...v, error: e.message || 'worker failed', running: false }));
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  const send = useCallback((m: ToWorker) => worker.current?.postMessage(m), []);

  // A new configuration (or the first mount) resets both runs.
  useEffect(() => {
    setView((v) => ({ ...v, runs: empty(), error: null, running: false }));
    send({ type: 'reset', settings });
  }, [settings, send]);

  return {
    view,
    play: () => send({ type: 'play' }),
    pause: () => send({ type: 'pause' }),
    step: () => send({ type: 'step' }),
    reset: () => {
      setView((v) => ({ ...v, runs: empty(), error: null, running: false }));
      send({ type: 'reset', settings });
    },
  };
}
