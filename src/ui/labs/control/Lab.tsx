// The Control lab: SAC and SAC-ERA trained side by side in a Web Worker, S seeds each (trained together),
// in the shared lab layout. The primary picture is the policy entropy against each agent's target next
// to the episode return, per agent the mean over its seeds with the min–max band (single seeds on
// demand); below, both agents' current policies (the first seed) are drawn live on canvases, and α/δ
// and Q are charted.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AgentKind } from '../../../control/agents/types.ts';
import type { ControlCommand, ControlFrame, ControlPayload, RunSnapshot } from '../../../control/protocol.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { useChartScale } from '../../components/chartScale.ts';
import { type ChartMarker, type ChartReference, TimeChart } from '../../components/TimeChart.tsx';
import { frameScheduler } from '../../hooks/frameScheduler.ts';
import { LabLayout } from '../../lab/LabLayout.tsx';
import { useLab } from '../../lab/useLab.ts';
import { INK, runStyle } from '../../theme/palette.ts';
import { drawFrame } from './draw.ts';
import { AGENTS, type FieldLine, type RunView, type Runs, applySnapshots, bandRowsByStep, bandSeries, emptyRuns } from './runs.ts';
import { PENDULUM_NOTE, controlSchema } from './schema.ts';

const LABEL: Record<AgentKind, string> = { sac: 'SAC', 'sac-era': 'SAC-ERA' };
const CANVAS_W = 320;
const CANVAS_H = 240;
/** Points per chart series: enough to read a curve, few enough to redraw well inside a frame budget. */
const MAX_CHART_POINTS = 500;

// The charts' lines (each becomes a mean over the seeds with its min–max band): constants, so the
// memoised charts see the same props until the data change.
const RETURN_LINES: FieldLine[] = AGENTS.map((a) => ({ agent: a, field: 'return', label: LABEL[a], style: runStyle(a) }));
const ENTROPY_LINES: FieldLine[] = AGENTS.flatMap((a) => [
  { agent: a, field: 'gaussianEntropy' as const, label: `${LABEL[a]} Gaussian`, style: runStyle(a) },
  { agent: a, field: 'actionEntropy' as const, label: `${LABEL[a]} executed`, style: { ...runStyle(a), dash: '2 3', width: 1.5 } },
]);
const TEMPERATURE_LINES: FieldLine[] = [
  { agent: 'sac', field: 'alpha', label: 'SAC α', style: runStyle('sac') },
  { agent: 'sac-era', field: 'delta', label: 'SAC-ERA δ', style: runStyle('sac-era') },
];
const Q_LINES: FieldLine[] = AGENTS.map((a) => ({ agent: a, field: 'qMean', label: LABEL[a], style: runStyle(a) }));
const ALL_LINES = [...RETURN_LINES, ...ENTROPY_LINES, ...TEMPERATURE_LINES, ...Q_LINES];

const createWorker = () => new Worker(new URL('../../../control/worker.ts', import.meta.url), { type: 'module' });

const reduce = (runs: Runs, snapshots: RunSnapshot[]) => (snapshots.length ? applySnapshots(runs, snapshots) : runs);

export default function ControlLab({ present = false }: { present?: boolean }) {
  const canvases = useRef<Record<string, HTMLCanvasElement | null>>({});
  const frameCounts = useRef<Record<string, number>>({ sac: 0, 'sac-era': 0 });
  const scale = useChartScale();
  // Only the newest frame of each agent is drawn, at most once per animation frame.
  const pendingFrames = useRef<Partial<Record<AgentKind, ControlFrame>>>({});
  const [draw] = useState(() =>
    frameScheduler(() => {
      const due = pendingFrames.current;
      pendingFrames.current = {};
      for (const f of Object.values(due)) {
        const canvas = canvases.current[f.agent];
        const ctx = canvas?.getContext('2d');
        if (!canvas || !ctx) continue;
        drawFrame(ctx, f.frame, canvas.width, canvas.height);
        ctx.fillStyle = INK;
        ctx.font = `${Math.round((12 * canvas.width) / CANVAS_W)}px system-ui, sans-serif`;
        ctx.fillText(`${LABEL[f.agent]}  return ${f.episodeReturn.toFixed(1)}`, 8, Math.round((16 * canvas.width) / CANVAS_W));
        frameCounts.current[f.agent] += 1;
        canvas.dataset.frames = String(frameCounts.current[f.agent]);
      }
    }),
  );
  useEffect(() => () => draw.cancel(), [draw]);
  const onPayload = useCallback(
    (p: ControlPayload) => {
      for (const f of p.frames) pendingFrames.current[f.agent] = f;
      draw.request();
    },
    [draw],
  );

  const lab = useLab<typeof controlSchema.specs, RunSnapshot, ControlCommand, ControlPayload, Runs>('/control', controlSchema, {
    create: createWorker,
    initialView: emptyRuns,
    reduce,
    onPayload,
  });
  const runs = lab.worker.state.view;
  const [stochastic, setStochastic] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { command } = lab.worker;
  useEffect(() => command({ kind: 'rollout', stochastic }), [stochastic, command]);

  const [withSeeds, setWithSeeds] = useState(false);
  const sacEpisodes = runs.sac.episodes;
  const eraEpisodes = runs['sac-era'].episodes;
  const sacSlots = runs.sac.bySlot;
  const eraSlots = runs['sac-era'].bySlot;
  const sacSeeds = runs.sac.seeds;
  const eraSeeds = runs['sac-era'].seeds;
  // Only the seeds and their episode lists matter to the rows and series (not steps or stats).
  const bandView = useMemo(
    () => ({ sac: { seeds: sacSeeds, bySlot: sacSlots }, 'sac-era': { seeds: eraSeeds, bySlot: eraSlots } }),
    [sacSeeds, sacSlots, eraSeeds, eraSlots],
  );
  const rows = useMemo(() => bandRowsByStep(bandView, ALL_LINES, MAX_CHART_POINTS, withSeeds), [bandView, withSeeds]);
  const series = useMemo(() => {
    const view = { sac: { seeds: sacSeeds, bySlot: [] }, 'sac-era': { seeds: eraSeeds, bySlot: [] } };
    return {
      ret: bandSeries(view, RETURN_LINES, withSeeds),
      entropy: bandSeries(view, ENTROPY_LINES, withSeeds),
      temperature: bandSeries(view, TEMPERATURE_LINES, withSeeds),
      q: bandSeries(view, Q_LINES, withSeeds),
    };
  }, [sacSeeds, eraSeeds, withSeeds]);
  const seedCount = sacSeeds.length || lab.applied.seeds;
  const sacTarget = runs.sac.targetEntropy;
  const eraTarget = runs['sac-era'].targetEntropy;
  const targets: ChartReference[] = useMemo(
    () =>
      AGENTS.map((a) => ({ a, y: a === 'sac' ? sacTarget : eraTarget }))
        .filter((r) => Number.isFinite(r.y))
        .map((r) => ({ y: r.y, color: runStyle(r.a).color, label: `${LABEL[r.a]} target ${r.y.toFixed(2)}` })),
    [sacTarget, eraTarget],
  );
  const markers: ChartMarker[] = useMemo(
    () => [
      ...lab.markers.map((m) => ({ x: m.step, label: m.label })),
      ...AGENTS.filter((a) => runs[a].diverged).map((a) => ({ x: runs[a].diverged!.step, label: `${LABEL[a]} diverged`, color: '#b3261e' })),
    ],
    [lab.markers, runs],
  );

  // Checkpoints made by `npm run experiment -- control --checkpoint` ship under public/checkpoints/control/.
  const { env, links } = lab.applied;
  const loadTrained = async () => {
    const tag = env === 'reacher' ? `reacher${links}` : env;
    setNotice(null);
    for (const a of AGENTS) {
      const res = await fetch(`./checkpoints/control/${tag}-${a}.json`);
      if (!res.ok) {
        setNotice(`No trained ${LABEL[a]} policy ships for ${tag} (only for the default network width).`);
        continue;
      }
      command({ kind: 'load-checkpoint', agent: a, checkpoint: await res.json() });
    }
  };
  const episodeRows = () => AGENTS.flatMap((a) => runs[a].episodes.map((e) => ({ agent: a, ...e })));
  const canvasW = Math.round(CANVAS_W * scale);
  const canvasH = Math.round(CANVAS_H * scale);

  return (
    <LabLayout
      lab={lab}
      id="control"
      title="Control: SAC vs SAC-ERA"
      present={present}
      stepUnit="env steps"
      lede={
        <>
          Both agents learn the same task from the same{' '}
          {seedCount > 1 ? `${seedCount} seeds (trained together, charted as mean and lowest–highest seed)` : 'seed'}. SAC tunes a temperature α toward the
          entropy −D; SAC-ERA puts ERA on the log-std head, which holds the Gaussian's entropy at H₀ = D·{lab.applied.targetEntropyPerDim} on every state, with
          no entropy term in any loss.
        </>
      }
      actions={
        <>
          <label className="inline-check">
            <input type="checkbox" checked={stochastic} onChange={(e) => setStochastic(e.target.checked)} /> stochastic rollout
          </label>
          <label className="inline-check">
            <input type="checkbox" checked={withSeeds} onChange={(e) => setWithSeeds(e.target.checked)} data-testid="control-single-seeds" /> single seeds
          </label>
          <button
            type="button"
            onClick={() => void loadTrained()}
            title="Load the small policies trained by the headless runner for this environment; training pauses and the canvases replay them (Play trains on)"
          >
            Load trained policies
          </button>
          <ExportButtons name="control-episodes" rows={episodeRows} extra={{ settings: lab.applied }} />
        </>
      }
      banner={
        (notice || env === 'pendulum') && (
          <>
            {notice && <p role="status">{notice}</p>}
            {env === 'pendulum' && (
              <p role="note" data-testid="control-pendulum-note">
                {PENDULUM_NOTE}
              </p>
            )}
          </>
        )
      }
      primary={
        <div className="primary-pair" data-testid="control-charts" data-points={sacEpisodes.length + eraEpisodes.length}>
          <TimeChart
            title="Policy entropy (nats) against each agent's target"
            caption="Solid: the policy Gaussian's entropy, averaged over the episode's states. Dotted: an estimate for the executed (squashed or truncated) actions. With several seeds: the mean over the seeds, shaded from the lowest to the highest seed."
            testId="chart-entropy"
            rows={rows}
            series={series.entropy}
            references={targets}
            markers={markers}
            height={260}
            xLabel="environment steps"
            exportName="control-entropy"
          />
          <TimeChart
            title="Episode return"
            caption={seedCount > 1 ? 'Per agent the mean over its seeds (line), shaded from the lowest to the highest seed.' : undefined}
            testId="chart-return"
            rows={rows}
            series={series.ret}
            markers={markers}
            height={260}
            xLabel="environment steps"
            exportName="control-return"
            lateFrames={1}
          />
        </div>
      }
    >
      <div className="control-canvases">
        {AGENTS.map((a) => (
          <figure key={a}>
            <canvas
              ref={(el) => {
                canvases.current[a] = el;
              }}
              width={canvasW}
              height={canvasH}
              data-testid={`control-canvas-${a}`}
              data-frames="0"
              aria-label={`${LABEL[a]} rollout of the current policy`}
            />
            <figcaption>
              <RunCaption run={runs[a]} />
              {runs[a].seeds.length > 1 && (
                <span className="muted">
                  {' '}
                  — the canvas shows seed {runs[a].seeds[0]} (the first of {runs[a].seeds.length})
                </span>
              )}
            </figcaption>
          </figure>
        ))}
      </div>
      <div className="chart-grid">
        <TimeChart
          title="α (SAC) and δ (SAC-ERA)"
          testId="chart-temperature"
          rows={rows}
          series={series.temperature}
          markers={markers}
          xLabel="environment steps"
          exportName="control-alpha-delta"
          lateFrames={2}
        />
        <TimeChart
          title="Mean Q estimate"
          testId="chart-q"
          rows={rows}
          series={series.q}
          markers={markers}
          xLabel="environment steps"
          exportName="control-q"
          lateFrames={3}
        />
      </div>
    </LabLayout>
  );
}

function RunCaption({ run }: { run: RunView }) {
  const last = run.episodes.slice(-10);
  const mean = last.length ? last.reduce((s, e) => s + e.return, 0) / last.length : NaN;
  const others = run.divergedBySlot.filter((d, slot) => d && slot > 0).length;
  return (
    <span data-testid={`control-run-${run.agent}`} data-steps={run.steps} data-diverged={run.diverged ? run.diverged.step : ''}>
      {LABEL[run.agent]}: {run.steps} steps, {run.episodes.length} episodes
      {Number.isFinite(mean) ? `, last-10 return ${mean.toFixed(1)}` : ''}
      {run.diverged ? ` — diverged at step ${run.diverged.step} (${run.diverged.reason})` : ''}
      {others ? ` (${others} other seed${others > 1 ? 's' : ''} diverged)` : ''}
    </span>
  );
}
