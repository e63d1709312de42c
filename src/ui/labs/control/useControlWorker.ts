// Owns the Control lab's Web Worker: sends the config and commands, collects metrics, and hands the
// latest posted frame of each agent to a draw callback without going through React state. Messages are
// folded into a plain object as they arrive and reach React (and the canvases) at most once per
// animation frame, so a burst of queued messages costs one render, not one each.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgentKind } from '../../../control/agents/types.ts';
import type { EnvFrame } from '../../../control/envs/index.ts';
import type { ControlLabConfig, FromWorker, ToWorker } from '../../../control/protocol.ts';
import { frameScheduler } from '../../hooks/frameScheduler.ts';
import { type Runs, applySnapshots, emptyRuns } from './runs.ts';

export type { RunView } from './runs.ts';

export interface ControlWorkerState {
  backend: string | null;
  playing: boolean;
  stepsPerSecond: number;
  runs: Runs;
  error: string | null;
  perf: { stepMs: number | null; gpuMs: number | null; eraKernels: Array<{ name: string; ms: number }> | null };
}

type FrameCallback = (agent: AgentKind, frame: EnvFrame, episodeReturn: number) => void;
type PendingFrames = Partial<Record<AgentKind, { frame: EnvFrame; episodeReturn: number }>>;

/** The state after one message (frames are not state: they go straight to the canvases). */
function reduce(s: ControlWorkerState, m: Exclude<FromWorker, { type: 'frames' }>): ControlWorkerState {
  switch (m.type) {
    case 'ready':
      return { ...s, backend: m.backend, runs: emptyRuns(), error: null };
    case 'metrics':
      return { ...s, runs: applySnapshots(s.runs, m.runs), playing: m.playing, stepsPerSecond: m.stepsPerSecond };
    case 'perf':
      return { ...s, perf: { stepMs: m.stepMs, gpuMs: m.gpuMs, eraKernels: m.eraKernels } };
    case 'error':
      return { ...s, error: m.message };
  }
}

export function useControlWorker(config: ControlLabConfig, onFrame: FrameCallback) {
  const workerRef = useRef<Worker | null>(null);
  const frameRef = useRef(onFrame);
  frameRef.current = onFrame;
  const [state, setState] = useState<ControlWorkerState>({ backend: null, playing: false, stepsPerSecond: 0, runs: emptyRuns(), error: null, perf: { stepMs: null, gpuMs: null, eraKernels: null } });

  useEffect(() => {
    // Up to date with every message received; React sees it once per frame.
    let live = state;
    const render = frameScheduler(() => setState(live));
    // Only the newest frame of each agent is drawn: older ones would be overdrawn in the same frame.
    let frames: PendingFrames = {};
    const draw = frameScheduler(() => {
      const due = frames;
      frames = {};
      for (const [agent, f] of Object.entries(due) as Array<[AgentKind, PendingFrames[AgentKind]]>) if (f) frameRef.current(agent, f.frame, f.episodeReturn);
    });

    const worker = new Worker(new URL('../../../control/worker.ts', import.meta.url), { type: 'module' });
    workerRef.current = worker;
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if (m.type === 'frames') {
        for (const f of m.frames) frames[f.agent] = { frame: f.frame, episodeReturn: f.episodeReturn };
        draw.request();
      } else {
        live = reduce(live, m);
        render.request();
      }
    };
    worker.onerror = (e) => {
      live = { ...live, error: e.message || 'the training worker failed to start' };
      render.request();
    };
    return () => {
      render.cancel();
      draw.cancel();
      worker.terminate();
      workerRef.current = null;
    };
    // The worker lives as long as the lab; `state` is read once, as the starting point.
  }, []);

  const send = useCallback((m: ToWorker) => workerRef.current?.postMessage(m), []);

  useEffect(() => {
    send({ type: 'configure', config });
  }, [config, send]);

  return { state, send };
}
