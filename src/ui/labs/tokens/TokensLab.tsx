// Token-policy lab: GRPO and GRPO+ERA on a digit-sum task, trained side by side in a worker.
// Shows reward, mean response entropy against the [ω_low, ω_high] band, ERA's case shares, pass@k and
// a few sampled responses shaded by the probability of each token.
import { useEffect, useMemo, useState } from 'react';
import { TOKENS_PARAMS, type TokensSettings, normaliseSettings } from '../../../tokens/config.ts';
import { TOKEN_TEXT } from '../../../tokens/task.ts';
import type { StepMetrics } from '../../../tokens/trainer.ts';
import { MetricChart } from './charts.tsx';
import { PerfPanel } from '../../components/PerfPanel.tsx';
import { downloadBlob } from '../../components/ExportButtons.tsx';
import { toCsv } from '../../../util/csv.ts';
import './tokens.css';
import { hashWithSettings, settingsFromHash } from './urlState.ts';
import { type RunView, useTokensWorker } from './useTokensWorker.ts';

const RUNS = [
  { name: 'grpo', label: 'GRPO', color: '#c92a2a' },
  { name: 'grpo-era', label: 'GRPO+ERA', color: '#1971c2' },
] as const;

// Chart props that never change are module constants, so the memoised charts skip renders they do not need.
const RUN_SERIES = RUNS.map((r) => ({ key: r.name, label: r.label, color: r.color }));
const CASE_SERIES = [
  { key: 'sharpen', label: 'sharpen (k·z)', color: '#1971c2' },
  { key: 'keep', label: 'keep', color: '#868e96', dashed: true },
  { key: 'flatten', label: 'flatten (z/k)', color: '#e8590c' },
];
const UNIT: [number, number] = [0, 1];

/** Which controls classroom mode keeps. */
const BASIC_KEYS = new Set(['seed', 'k', 'omegaLow', 'omegaHigh', 'scaleAdvantages']);

function useUrlSettings(): [TokensSettings, (patch: Partial<TokensSettings>) => void] {
  const [settings, setSettings] = useState(() => settingsFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setSettings((s) => {
      const next = settingsFromHash(window.location.hash);
      return JSON.stringify(next) === JSON.stringify(s) ? s : next;
    });
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const update = (patch: Partial<TokensSettings>) => {
    const next = normaliseSettings({ ...settings, ...patch });
    history.replaceState(null, '', hashWithSettings(window.location.hash, next));
    setSettings(next);
  };
  return [settings, update];
}

/** Rows { step, grpo, grpo-era } of one metric across both runs. */
function merged(runs: Record<string, RunView>, pick: (m: StepMetrics) => number): Record<string, number | null>[] {
  const byStep = new Map<number, Record<string, number | null>>();
  for (const r of RUNS) {
    for (const m of runs[r.name]?.history ?? []) {
      const row = byStep.get(m.step) ?? { step: m.step };
      row[r.name] = pick(m);
      byStep.set(m.step, row);
    }
  }
  return [...byStep.values()];
}

function Controls({ settings, update, present }: { settings: TokensSettings; update: (p: Partial<TokensSettings>) => void; present: boolean }) {
  return (
    <fieldset className="controls">
      {TOKENS_PARAMS.filter((p) => !present || BASIC_KEYS.has(p.key)).map((p) => (
        <label key={p.key} title={p.help} className="control">
          <span>{p.label}</span>
          {p.kind === 'bool' ? (
            <input type="checkbox" data-testid={`param-${p.key}`} checked={settings[p.key] as boolean} onChange={(e) => update({ [p.key]: e.target.checked })} />
          ) : (
            <input
              type="number"
              data-testid={`param-${p.key}`}
              min={p.min}
              max={p.max}
              step={p.step}
              value={settings[p.key] as number}
              onChange={(e) => e.target.value !== '' && update({ [p.key]: Number(e.target.value) })}
            />
          )}
        </label>
      ))}
    </fieldset>
  );
}

function Responses({ run }: { run: RunView | undefined }) {
  const last = run?.history[run.history.length - 1];
  if (!last) return <p className="muted">No samples yet.</p>;
  return (
    <ul className="responses">
      {last.samples.map((s, i) => (
        <li key={i}>
          <span className="target" title={`hidden target ${s.target}`}>Σ ∈ {s.prompt} (Σ = {s.target}):</span>{' '}
          {[...s.text].map((ch, j) => (
            // Darker = the policy was more sure of that token.
            <span key={j} className="tok" style={{ background: `rgba(25, 113, 194, ${(s.tokenProbs[j] ?? 0).toFixed(2)})` }} title={`p = ${(s.tokenProbs[j] ?? 0).toFixed(3)}`}>
              {ch}
            </span>
          ))}{' '}
          {s.reward > 0 ? '✓' : '✗'}
        </li>
      ))}
    </ul>
  );
}

export default function TokensLab({ present = false }: { present?: boolean }) {
  const [settings, update] = useUrlSettings();
  const { view, play, pause, step, reset } = useTokensWorker(settings);
  const { runs } = view;

  const reward = useMemo(() => merged(runs, (m) => m.reward), [runs]);
  const entropy = useMemo(() => merged(runs, (m) => m.responseEntropy), [runs]);
  const cases = useMemo(
    () => (runs['grpo-era']?.history ?? []).map((m) => ({ step: m.step, sharpen: m.sharpenShare, keep: m.keepShare, flatten: m.flattenShare })),
    [runs],
  );
  // Keyed on the evaluation lists alone: they keep their identity between evaluations.
  const evalsGrpo = runs.grpo?.evals;
  const evalsEra = runs['grpo-era']?.evals;
  const passAtK = useMemo(() => {
    const rows: Record<string, number | null>[] = [];
    for (const [r, evals] of [[RUNS[0], evalsGrpo], [RUNS[1], evalsEra]] as const) {
      const ev = evals?.at(-1);
      ev?.passAtK.forEach((v, i) => {
        rows[i] ??= { k: i + 1 };
        rows[i][r.name] = v;
      });
    }
    return rows;
  }, [evalsGrpo, evalsEra]);
  const markers = useMemo(() => RUNS.filter((r) => runs[r.name]?.divergedAt).map((r) => ({ x: runs[r.name].divergedAt!, label: `${r.label} diverged` })), [runs]);
  const band = useMemo(() => ({ from: settings.omegaLow, to: settings.omegaHigh, label: '[ω_low, ω_high]' }), [settings.omegaLow, settings.omegaHigh]);
  const steps = Math.max(0, ...RUNS.map((r) => runs[r.name]?.history.length ?? 0));

  const exportRows = () => RUNS.flatMap((r) => (runs[r.name]?.history ?? []).map(({ samples: _s, ...m }) => ({ run: r.name, ...m })));

  return (
    <section className="lab tokens-lab" data-testid="tokens-lab">
      <h1>Tokens: GRPO with and without ERA</h1>
      <p className="lede">
        A tiny autoregressive policy writes digits, then {TOKEN_TEXT[10]}; reward 1 if they sum to a hidden target. The prompt shows only
        the target's bucket of {settings.bucket} sums, so no single answer is always right and a policy that covers the bucket solves more
        prompts in k tries (pass@k). Plain GRPO still drifts to one answer per prompt and its response entropy collapses. ERA sharpens the
        training target of low-entropy correct responses (z′ = k·z) and keeps several answers alive: with the advantage rescaling off (the
        original released script) it holds the entropy at or above ω_low here; with it on (the paper) it keeps it around ω_low. Both runs share the seed, weights and prompts.
      </p>
      <div className="toolbar" role="toolbar">
        <button type="button" data-testid="play" onClick={view.running ? pause : play}>
          {view.running ? 'Pause' : 'Play'}
        </button>
        <button type="button" data-testid="step" onClick={step} disabled={view.running}>
          Step
        </button>
        <button type="button" data-testid="reset" onClick={reset}>
          Reset
        </button>
        <span className="readout" data-testid="readout">
          step {steps} · {view.stepsPerSecond.toFixed(1)} steps/s · {view.backend ?? 'starting…'}
        </span>
        <button type="button" onClick={() => downloadBlob('tokens-steps.csv', new Blob([toCsv(exportRows())], { type: 'text/csv' }))}>
          CSV
        </button>
        <button
          type="button"
          onClick={() =>
            downloadBlob('tokens-run.json', new Blob([JSON.stringify({ settings, runs }, null, 1)], { type: 'application/json' }))
          }
        >
          JSON
        </button>
      </div>
      {view.error && <p className="error" role="alert">{view.error}</p>}
      {markers.map((m) => (
        <p key={m.label} className="error">
          {m.label} at step {m.x} (NaN or infinite loss); the other run goes on.
        </p>
      ))}
      <Controls settings={settings} update={update} present={present} />
      <div className="chart-grid">
        <MetricChart title="Reward (share of correct responses)" rows={reward} series={RUN_SERIES} yDomain={UNIT} markers={markers} testId="chart-reward" />
        <MetricChart title="Mean response entropy H_resp (nats)" rows={entropy} series={RUN_SERIES} band={band} markers={markers} testId="chart-entropy" lateFrames={1} />
        <MetricChart title="GRPO+ERA: share of responses per ERA case" rows={cases} series={CASE_SERIES} yDomain={UNIT} testId="chart-cases" lateFrames={2} />
        <MetricChart title="pass@k on the evaluation prompts (latest)" rows={passAtK} xKey="k" series={RUN_SERIES} yDomain={UNIT} testId="chart-passk" lateFrames={3} />
      </div>
      <div className="samples">
        {RUNS.map((r) => (
          <div key={r.name}>
            <h3 style={{ color: r.color }}>{r.label}: sampled responses</h3>
            <Responses run={runs[r.name]} />
          </div>
        ))}
      </div>
      <PerfPanel
        adapter={view.perf?.adapter ?? view.backend ?? 'starting…'}
        figures={{
          throughput: { unit: 'steps/s', value: view.running || steps > 0 ? view.stepsPerSecond : null },
          stepMs: view.perf?.stepMs ?? null,
          gpuMs: view.perf?.gpuMs ?? null,
          eraKernels: view.perf?.eraKernels ?? null,
        }}
      />
    </section>
  );
}
