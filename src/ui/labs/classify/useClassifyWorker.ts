// Owns the lab's worker: sends commands, accumulates the runs' step and evaluation histories from its
// batched updates (the page never trains).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClassifySettings } from '../../../classify/config.ts';
import type { DatasetInfo, Divergence, EvalPoint, FromWorker, StepPoint, ToWorker } from '../../../classify/protocol.ts';

export interface ClassifyView {
  backend: string | null;
  running: boolean;
  finished: boolean;
  step: number;
  imagesPerSecond: number;
  stepSeconds: number;
  error: string | null;
  dataset: DatasetInfo | null;
  source: string | null;
  runs: string[];
  stepsPerEpoch: number;
  totalSteps: number;
  steps: StepPoint[];
  evals: EvalPoint[];
  divergences: Divergence[];
  needArchive: string | null;
  archive: { fraction: number; stage: string } | null;
  archiveError: string | null;
  /** The performance panel's ERA figures (from the worker's periodic profile). */
  perf: { adapter: string; gpuMs: number | null; eraKernels: Array<{ name: string; ms: number }> | null } | null;
}

const initial: ClassifyView = {
  backend: null, running: false, finished: false, step: 0, imagesPerSecond: 0, stepSeconds: 0, error: null, dataset: null, source: null,
  runs: [], stepsPerEpoch: 1, totalSteps: 1, steps: [], evals: [], divergences: [], needArchive: null, archive: null, archiveError: null,
  perf: null,
};

const cleared = (v: ClassifyView): ClassifyView => ({ ...v, steps: [], evals: [], divergences: [], error: null, running: false, finished: false, step: 0 });

export function useClassifyWorker(settings: ClassifySettings) {
  const worker = useRef<Worker | null>(null);
  const [view, setView] = useState<ClassifyView>(initial);

  useEffect(() => {
    const w = new Worker(new URL('../../../classify/worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      setView((v) => {
        switch (m.type) {
          case 'ready':
            return { ...v, backend: m.backend };
          case 'dataset':
            return { ...v, dataset: m.info, source: m.source, runs: m.runs, stepsPerEpoch: m.stepsPerEpoch, totalSteps: m.totalSteps, needArchive: null, archive: null };
          case 'need-archive':
            return { ...v, needArchive: m.message, dataset: null, runs: [] };
          case 'archive-progress':
            return { ...v, archive: { fraction: m.fraction, stage: m.stage }, archiveError: null };
          case 'archive-error':
            return { ...v, archive: null, archiveError: m.message };
          case 'status':
            return { ...v, running: m.running, step: m.step, imagesPerSecond: m.imagesPerSecond, stepSeconds: m.stepSeconds, finished: m.finished };
          case 'error':
            return { ...v, error: m.message, running: false };
          case 'perf':
            return { ...v, perf: { adapter: m.adapter, gpuMs: m.gpuMs, eraKernels: m.eraKernels } };
          case 'updates':
            return { ...v, steps: [...v.steps, ...m.steps], evals: [...v.evals, ...m.evals], divergences: [...v.divergences, ...m.divergences] };
        }
      });
    };
    w.onerror = (e) => setView((v) => ({ ...v, error: e.message || 'worker failed', running: false }));
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  const send = useCallback((m: ToWorker, transfer: Transferable[] = []) => worker.current?.postMessage(m, transfer), []);
  const dataBaseUrl = new URL('data/cifar10/', document.baseURI).toString();

  const reset = useCallback(() => {
    setView(cleared);
    send({ type: 'reset', settings, dataBaseUrl });
  }, [settings, send, dataBaseUrl]);

  // A new configuration (or the first mount) resets every run.
  useEffect(() => reset(), [reset]);

  return {
    view,
    play: () => send({ type: 'play' }),
    pause: () => send({ type: 'pause' }),
    step: () => send({ type: 'step' }),
    reset,
    loadArchive: async (file: File, skipChecksum: boolean) => {
      setView((v) => ({ ...v, archive: { fraction: 0, stage: 'reading file' }, archiveError: null }));
      const bytes = await file.arrayBuffer();
      send({ type: 'archive', bytes, skipChecksum }, [bytes]);
    },
  };
}
