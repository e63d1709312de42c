// Owns the Control lab's Web Worker: sends the config and commands, collects metrics, and hands each
// posted frame to a draw callback without going through React state (frames come many times a second).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgentKind, UpdateStats } from '../../../control/agents/types.ts';
import type { EnvFrame } from '../../../control/envs/index.ts';
import type { ControlLabConfig, FromWorker, ToWorker } from '../../../control/protocol.ts';
import type { Divergence, EpisodeRecord } from '../../../control/trainer.ts';

export interface RunView {
  agent: AgentKind;
  episodes: EpisodeRecord[];
  stats: UpdateStats | null;
  steps: number;
  updates: number;
  targetEntropy: number;
  actionSize: number;
  diverged: Divergence | null;
}

export interface ControlWorkerState {
  backend: string | null;
  playing: boolean;
  stepsPerSecond: number;
  runs: Record<AgentKind, RunView>;
  error: string | null;
  perf: { stepMs: number | null; gpuMs: number | null; eraKernels: Array<{ name: string; ms: number }> | null };
}

const emptyRun = (agent: AgentKind): RunView => ({ agent, episodes: [], stats: null, steps: 0, updates: 0, targetEntropy: NaN, actionSize: 0, diverged: null });
const emptyRuns = (): Record<AgentKind, RunView> => ({ sac: emptyRun('sac'), 'sac-era': emptyRun('sac-era') });

export function useControlWorker(config: ControlLabConfig, onFrame: (agent: AgentKind, frame: EnvFrame, episodeReturn: number) => void) {
  const workerRef = useRef<Worker | null>(null);
  const frameRef = useRef(onFrame);
  frameRef.current = onFrame;
  const [state, setState] = useState<ControlWorkerState>({ backend: null, playing: false, stepsPerSecond: 0, runs: emptyRuns(), error: null, perf: { stepMs: null, gpuMs: null, eraKernels: null } });

  useEffect(() => {
    const worker = new Worker(new URL('../../../control/worker.ts', import.meta.url), { type: 'module' });
    workerRef.current = worker;
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if (m.type === 'frames') {
        for (const f of m.frames) frameRef.current(f.agent, f.frame, f.episodeReturn);
      } else if (m.type === 'ready') {
        setState((s) => ({ ...s, backend: m.backend, runs: emptyRuns(), error: null }));
      } else if (m.type === 'metrics') {
        setState((s) => {
          const runs = { ...s.runs };
          for (const r of m.runs) {
            const prev = runs[r.agent];
            runs[r.agent] = {
              agent: r.agent,
              episodes: r.newEpisodes.length ? [...prev.episodes, ...r.newEpisodes] : prev.episodes,
              stats: r.stats,
              steps: r.steps,
              updates: r.updates,
              targetEntropy: r.targetEntropy,
              actionSize: r.actionSize,
              diverged: r.diverged,
            };
          }
          return { ...s, runs, playing: m.playing, stepsPerSecond: m.stepsPerSecond };
        });
      } else if (m.type === 'perf') {
        setState((s) => ({ ...s, perf: { stepMs: m.stepMs, gpuMs: m.gpuMs, eraKernels: m.eraKernels } }));
      } else if (m.type === 'error') {
        setState((s) => ({ ...s, error: m.message }));
      }
    };
    worker.onerror = (e) => setState((s) => ({ ...s, error: e.message || 'the training worker failed to start' }));
    return () => {
      worker.terminate();
      workerRef.current = null;
    };
  }, []);

  const send = useCallback((m: ToWorker) => workerRef.current?.postMessage(m), []);

  useEffect(() => {
    send({ type: 'configure', config });
  }, [config, send]);

  return { state, send };
}
