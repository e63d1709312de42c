// The Control lab: SAC and SAC-ERA trained side by side in a Web Worker, drawn live on canvases, with
// episode return, entropy (against each agent's target), α/δ and Q charts. Settings live in the URL.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AgentKind } from '../../../control/agents/types.ts';
import type { EnvFrame } from '../../../control/envs/index.ts';
import type { ControlLabConfig } from '../../../control/protocol.ts';
import { PerfPanel } from '../../components/PerfPanel.tsx';
import { drawFrame } from './draw.ts';
import { AGENTS, type RunView, chartRows } from './runs.ts';
import { CONTROL_SPECS, type ControlSpec, configFromParams, paramsFromConfig, withEnv } from './schema.ts';
import { useControlWorker } from './useControlWorker.ts';
import { useFrameDelayed } from '../../hooks/useFrameDelayed.ts';

const LABEL: Record<AgentKind, string> = { sac: 'SAC', 'sac-era': 'SAC-ERA' };
const COLOR: Record<AgentKind, string> = { sac: '#2563eb', 'sac-era': '#dc2626' };
const CANVAS_W = 320;
const CANVAS_H = 240;
/** Points per chart series: enough to read a curve, few enough to redraw well inside a frame budget. */
const MAX_CHART_POINTS = 500;

// Series lists are constants so the memoised charts see the same props until the data change.
const RETURN_SERIES: Series[] = AGENTS.map((a) => ({ key: `${a}:return`, name: LABEL[a], color: COLOR[a] }));
const ENTROPY_SERIES: Series[] = AGENTS.flatMap((a) => [
  { key: `${a}:gaussianEntropy`, name: `${LABEL[a]} Gaussian`, color: COLOR[a] },
  { key: `${a}:actionEntropy`, name: `${LABEL[a]} executed (est.)`, color: COLOR[a], dashed: true },
]);
const TEMPERATURE_SERIES: Series[] = [
  { key: 'sac:alpha', name: 'SAC α', color: COLOR.sac },
  { key: 'sac-era:delta', name: 'SAC-ERA δ', color: COLOR['sac-era'] },
];
const Q_SERIES: Series[] = AGENTS.map((a) => ({ key: `${a}:qMean`, name: LABEL[a], color: COLOR[a] }));

function readHashParams(): URLSearchParams {
  const h = window.location.hash;
  const q = h.indexOf('?');
  return new URLSearchParams(q >= 0 ? h.slice(q + 1) : '');
}

export default function ControlLab({ present = false }: { present?: boolean }) {
  const initial = useMemo(() => configFromParams(readHashParams()), []);
  const [config, setConfig] = useState<ControlLabConfig>(initial.config);
  const [stochastic, setStochastic] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const canvases = useRef<Record<string, HTMLCanvasElement | null>>({});
  const frameCounts = useRef<Record<string, number>>({ sac: 0, 'sac-era': 0 });
  const lastFrames = useRef<Partial<Record<AgentKind, EnvFrame>>>({});

  const onFrame = useCallback((agent: AgentKind, frame: EnvFrame, episodeReturn: number) => {
    const canvas = canvases.current[agent];
    const ctx = canvas?.getContext('2d');
    lastFrames.current[agent] = frame;
    if (!canvas || !ctx) return;
    drawFrame(ctx, frame, canvas.width, canvas.height);
    ctx.fillStyle = '#111827';
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillText(`${LABEL[agent]}  return ${episodeReturn.toFixed(1)}`, 8, 16);
    frameCounts.current[agent] += 1;
    canvas.dataset.frames = String(frameCounts.current[agent]);
  }, []);

  const { state, send } = useControlWorker(config, onFrame);

  // Settings → URL (replace, so dragging a slider does not flood the history).
  useEffect(() => {
    const params = paramsFromConfig(config);
    const present = readHashParams().get('present'); // a shell-level key: keep it
    if (present !== null) params.set('present', present);
    const q = params.toString();
    const hash = `#/control${q ? `?${q}` : ''}`;
    if (window.location.hash !== hash) history.replaceState(null, '', hash);
  }, [config]);

  useEffect(() => send({ type: 'rollout', stochastic }), [stochastic, send]);

  const update = (key: keyof ControlLabConfig, value: string | number) =>
    setConfig((c) => (key === 'env' ? withEnv(c, value as ControlLabConfig['env']) : { ...c, [key]: value }));
  const specs = CONTROL_SPECS.filter((s) => (present ? !s.advanced : true)).filter((s) => s.key !== 'links' || config.env === 'reacher');

  const points = state.runs.sac.episodes.length + state.runs['sac-era'].episodes.length;
  // Recomputed only when an episode finished (the arrays keep their identity otherwise).
  const sacEpisodes = state.runs.sac.episodes;
  const eraEpisodes = state.runs['sac-era'].episodes;
  const chartData = useMemo(() => chartRows({ sac: sacEpisodes, 'sac-era': eraEpisodes }, MAX_CHART_POINTS), [sacEpisodes, eraEpisodes]);
  const sacTarget = state.runs.sac.targetEntropy;
  const eraTarget = state.runs['sac-era'].targetEntropy;
  const entropyReferences = useMemo(
    () =>
      AGENTS.map((a) => ({ agent: a, y: a === 'sac' ? sacTarget : eraTarget }))
        .filter((r) => Number.isFinite(r.y))
        .map((r) => ({ y: r.y, color: COLOR[r.agent], label: `${LABEL[r.agent]} target` })),
    [sacTarget, eraTarget],
  );

  // Checkpoints made by `npm run experiment -- control --checkpoint` ship under public/checkpoints/control/.
  const loadTrained = async () => {
    const tag = config.env === 'reacher' ? `reacher${config.links}` : config.env;
    for (const a of AGENTS) {
      const res = await fetch(`./checkpoints/control/${tag}-${a}.json`);
      if (!res.ok) {
        setNotice(`No trained ${LABEL[a]} policy ships for ${tag} (only for the default network width).`);
        continue;
      }
      send({ type: 'load-checkpoint', agent: a, checkpoint: await res.json() });
    }
  };
  const exportCsv = () => download('control-episodes.csv', 'text/csv', toCsv(state.runs));
  const exportJson = () => download('control-run.json', 'application/json', JSON.stringify({ config, runs: state.runs }, null, 2));
  const exportPng = () => {
    const out = document.createElement('canvas');
    out.width = CANVAS_W * 2;
    out.height = CANVAS_H;
    const ctx = out.getContext('2d')!;
    AGENTS.forEach((a, i) => {
      const c = canvases.current[a];
      if (c) ctx.drawImage(c, i * CANVAS_W, 0);
    });
    out.toBlob((b) => b && downloadBlob('control-frames.png', b));
  };

  return (
    <section className="control-lab" aria-label="Control lab" data-testid="control-lab">
      <h2>Control: SAC vs SAC-ERA</h2>
      <p>
        Both agents learn the same task from the same seed. SAC tunes a temperature α so the policy entropy approaches −D; SAC-ERA
        puts ERA on the log-std head, which holds the Gaussian's entropy at H₀ = D·{config.targetEntropyPerDim} on every state, with no
        entropy term in any loss.
      </p>
      {initial.notices.length > 0 && (
        <ul role="status" className="notices">
          {initial.notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <div className="toolbar" role="toolbar" aria-label="Training" style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap', margin: '8px 0' }}>
        <button type="button" onClick={() => send({ type: state.playing ? 'pause' : 'play' })} data-testid="control-play">
          {state.playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => send({ type: 'step', steps: 10 })} disabled={state.playing}>
          Step ×10
        </button>
        <button type="button" onClick={() => send({ type: 'reset' })}>
          Reset
        </button>
        <label>
          <input type="checkbox" checked={stochastic} onChange={(e) => setStochastic(e.target.checked)} /> stochastic rollout
        </label>
        <span data-testid="control-sps" data-value={state.stepsPerSecond.toFixed(1)}>
          {state.stepsPerSecond.toFixed(0)} steps/s
        </span>
        <span data-testid="control-backend" data-value={state.backend ?? ''}>
          backend: {state.backend ?? 'starting…'}
        </span>
        <button type="button" onClick={loadTrained} title="Load the small policies trained by the headless runner for this environment; training pauses and the canvases replay them (Play trains on)">
          Load trained policies
        </button>
        <button type="button" onClick={exportCsv}>
          CSV
        </button>
        <button type="button" onClick={exportJson}>
          JSON
        </button>
        <button type="button" onClick={exportPng}>
          PNG
        </button>
      </div>
      {notice && <p role="status">{notice}</p>}
      {state.error && (
        <p role="alert" className="error">
          {state.error}
        </p>
      )}
      <div className="control-canvases" style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        {AGENTS.map((a) => (
          <figure key={a} style={{ margin: 0 }}>
            <canvas
              ref={(el) => {
                canvases.current[a] = el;
              }}
              width={CANVAS_W}
              height={CANVAS_H}
              data-testid={`control-canvas-${a}`}
              data-frames="0"
              aria-label={`${LABEL[a]} rollout of the current policy`}
            />
            <figcaption>
              <RunCaption run={state.runs[a]} />
            </figcaption>
          </figure>
        ))}
      </div>
      <div data-testid="control-charts" data-points={points} style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: 12 }}>
        <Chart title="Episode return" data={chartData} series={RETURN_SERIES} lateFrames={0} />
        <Chart title="Policy entropy (nats): Gaussian solid, executed actions dashed" data={chartData} series={ENTROPY_SERIES} references={entropyReferences} lateFrames={1} />
        <Chart title="α (SAC) and δ (SAC-ERA)" data={chartData} series={TEMPERATURE_SERIES} lateFrames={2} />
        <Chart title="Mean Q estimate" data={chartData} series={Q_SERIES} lateFrames={3} />
      </div>
      <PerfPanel
        figures={{ throughput: { unit: 'steps/s', value: state.stepsPerSecond }, stepMs: state.perf.stepMs, gpuMs: state.perf.gpuMs, eraKernels: state.perf.eraKernels }}
        adapter={state.backend === 'webgpu' ? 'WebGPU (TF.js webgpu backend)' : `TF.js ${state.backend ?? '…'} backend (no GPU timing)`}
      />
      <fieldset className="control-settings">
        <legend>Settings (saved in the link)</legend>
        {specs.map((s) => (
          <SettingControl key={s.key} spec={s} value={config[s.key]} onChange={(v) => update(s.key, v)} />
        ))}
      </fieldset>
    </section>
  );
}

function RunCaption({ run }: { run: RunView }) {
  const last = run.episodes.slice(-10);
  const mean = last.length ? last.reduce((s, e) => s + e.return, 0) / last.length : NaN;
  return (
    <span data-testid={`control-run-${run.agent}`} data-steps={run.steps} data-diverged={run.diverged ? run.diverged.step : ''}>
      {LABEL[run.agent]}: {run.steps} steps, {run.episodes.length} episodes
      {Number.isFinite(mean) ? `, last-10 return ${mean.toFixed(1)}` : ''}
      {run.diverged ? ` — diverged at step ${run.diverged.step} (${run.diverged.reason})` : ''}
    </span>
  );
}

function SettingControl({ spec, value, onChange }: { spec: ControlSpec; value: unknown; onChange: (v: string | number) => void }) {
  const id = `control-${spec.key}`;
  if (spec.kind === 'enum') {
    return (
      <label htmlFor={id} title={spec.help} style={{ display: 'block' }}>
        {spec.label}{' '}
        <select id={id} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <label htmlFor={id} title={spec.help} style={{ display: 'block' }}>
      {spec.label}{' '}
      <input
        id={id}
        type="number"
        min={spec.min}
        max={spec.max}
        step={spec.step}
        value={Number(value)}
        onChange={(e) => {
          const n = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(n) && n >= spec.min && n <= spec.max && (!spec.integer || Number.isInteger(n))) onChange(n);
        }}
      />
    </label>
  );
}

interface Series {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
}

const NO_REFERENCES: Array<{ y: number; color: string; label: string }> = [];
// Constant chart props: no new objects per render.
const MARGIN = { top: 8, right: 12, bottom: 4, left: 0 };
const X_DOMAIN = ['dataMin', 'dataMax'];
const Y_DOMAIN = ['auto', 'auto'];

interface ChartProps {
  title: string;
  data: Array<Record<string, number>>;
  series: Series[];
  references?: Array<{ y: number; color: string; label: string }>;
}

/**
 * A Recharts update costs tens of milliseconds of main thread (it re-runs its store's selectors and
 * re-renders synchronously). Memoised, so messages that change no chart cost nothing here, and drawn
 * `lateFrames` frames after the data changed, so the four charts update in four separate tasks.
 */
const Chart = memo(function Chart({ lateFrames, ...props }: ChartProps & { lateFrames: number }) {
  const data = useFrameDelayed(props.data, lateFrames);
  const references = useFrameDelayed(props.references ?? NO_REFERENCES, lateFrames);
  return <ChartBody title={props.title} data={data} series={props.series} references={references} />;
});

const ChartBody = memo(function ChartBody({ title, data, series, references = NO_REFERENCES }: ChartProps) {
  // Recharts' axes and lines re-register their settings in its store whenever they re-render (a dispatch
  // that re-runs every selector). The same elements while the series stay: a new episode changes only
  // LineChart's data, and they update from the store instead.
  const children = useMemo(
    () => [
      <CartesianGrid key="grid" strokeDasharray="3 3" />,
      <XAxis key="x" dataKey="episode" type="number" domain={X_DOMAIN} allowDecimals={false} />,
      <YAxis key="y" width={56} domain={Y_DOMAIN} />,
      <Tooltip key="tooltip" />,
      <Legend key="legend" />,
      ...references.map((r) => <ReferenceLine key={`ref:${r.label}`} y={r.y} stroke={r.color} strokeDasharray="2 4" label={r.label} ifOverflow="extendDomain" />),
      ...series.map((s) => (
        <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} strokeDasharray={s.dashed ? '5 3' : undefined} dot={false} isAnimationActive={false} connectNulls />
      )),
    ],
    [series, references],
  );
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={MARGIN}>
          {children}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});

function toCsv(runs: Record<AgentKind, RunView>): string {
  const cols = ['agent', 'episode', 'step', 'return', 'length', 'gaussianEntropy', 'actionEntropy', 'alpha', 'delta', 'qMean', 'criticLoss', 'actorLoss'] as const;
  const lines = [cols.join(',')];
  for (const a of AGENTS) {
    for (const e of runs[a].episodes) lines.push(cols.map((c) => (c === 'agent' ? a : Number.isFinite(e[c]) ? String(e[c]) : '')).join(','));
  }
  return lines.join('\n') + '\n';
}

function download(name: string, type: string, text: string): void {
  downloadBlob(name, new Blob([text], { type }));
}

function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
