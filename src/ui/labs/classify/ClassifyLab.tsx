// The Classification lab: the same network trained side by side with up to 4 regularizers (none, label
// smoothing, dropout, ERA, ERA + either) in a Web Worker, with accuracy, loss, entropy, calibration,
// confusion and per-image predictions charted live. Settings live in the URL.
import { useMemo, useState } from 'react';
import type { ClassifySettings } from '../../../classify/config.ts';
import { decimate } from '../../../classify/metrics.ts';
import { parseRegularizer } from '../../../classify/regularizers.ts';
import { ENTROPY_MAX } from '../../../classify/session.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { LineChartPanel } from '../../components/LineChartPanel.tsx';
import { SchemaControls } from '../../components/SchemaControls.tsx';
import { Toolbar } from '../../components/Toolbar.tsx';
import { useLabState } from '../../state/useHashLocation.ts';
import { ConfusionMatrix, EntropyHistogram, PredictionGrid, ReliabilityDiagram, type RunStyle } from './charts.tsx';
import './classify.css';
import { classifySchema } from './schema.ts';
import { useClassifyWorker } from './useClassifyWorker.ts';
import { PerfPanel } from '../../components/PerfPanel.tsx';

const COLORS = ['#c92a2a', '#1971c2', '#2f9e44', '#e8590c'];
/** ln 10 rounded up: the axis top of entropy charts (10 classes). */
const ENTROPY_AXIS_MAX = Math.ceil(ENTROPY_MAX * 100) / 100;
const MAX_POINTS = 1000;

function ChartBox({ id, points, children }: { id: string; points: number; children: React.ReactNode }) {
  return (
    <div data-testid={id} data-points={points}>
      {children}
    </div>
  );
}

export default function ClassifyLab({ present = false }: { present?: boolean }) {
  const { state, update, notices, dismissNotices } = useLabState('/classify', classifySchema);
  const settings = state as unknown as ClassifySettings;
  const { view, play, pause, step, reset, loadArchive } = useClassifyWorker(settings);
  const [skipChecksum, setSkipChecksum] = useState(false);
  const [confusionRun, setConfusionRun] = useState(0);
  const runs: RunStyle[] = view.runs.map((name, i) => ({ name, color: COLORS[i % COLORS.length] }));
  const series = runs.map((r) => ({ key: r.name, label: r.name, color: r.color }));
  const h0s = view.runs.map((n) => parseRegularizer(n.replace(/#\d+$/, '')).eraH0).filter((h): h is number => h !== null);

  const stepRows = useMemo(() => {
    const pick = (f: (r: { loss: number; accuracy: number }) => number) =>
      decimate(view.steps, MAX_POINTS).map((s) => {
        const row: Record<string, number> = { step: s.step };
        s.runs.forEach((r) => {
          if (!r.diverged) row[r.name] = f(r);
        });
        return row;
      });
    return { loss: pick((r) => r.loss), accuracy: pick((r) => r.accuracy) };
  }, [view.steps]);

  const evalRows = useMemo(() => {
    const pick = (f: (r: { accuracy: number; meanEntropy: number }) => number) =>
      decimate(view.evals, MAX_POINTS).map((e) => {
        const row: Record<string, number> = { step: e.step };
        e.runs.forEach((r) => {
          if (Number.isFinite(f(r))) row[r.name] = f(r);
        });
        return row;
      });
    return { accuracy: pick((r) => r.accuracy), entropy: pick((r) => r.meanEntropy) };
  }, [view.evals]);

  const latest = view.evals.at(-1);
  const epoch = view.step / view.stepsPerEpoch;
  const status = `${view.backend ?? 'starting…'} · step ${view.step}/${view.totalSteps} · epoch ${epoch.toFixed(2)} · ${view.imagesPerSecond.toFixed(0)} images/s · ${(1000 * view.stepSeconds).toFixed(0)} ms/step`;

  const allMetricRows = () => [
    ...view.steps.flatMap((s) => s.runs.map((r) => ({ kind: 'step', step: s.step, epoch: s.epoch, run: r.name, loss: r.loss, batch_accuracy: r.accuracy, learning_rate: s.learningRate, diverged: r.diverged }))),
    ...view.evals.flatMap((e) => e.runs.map((r) => ({ kind: 'eval', step: e.step, epoch: e.epoch, run: r.name, test_accuracy: r.accuracy, test_nll: r.nll, mean_entropy: r.meanEntropy, min_entropy: r.minEntropy, ece: r.ece }))),
  ];

  return (
    <section className="lab classify-lab" data-testid="classify-lab">
      <h1>Classify: ERA against label smoothing, dropout and no regularizer</h1>
      <p className="lede">
        The same network, from the same initial weights and on the same batches, trained with different regularizers in lock-step on your GPU.
        ERA keeps every prediction's entropy at or above H₀ without hurting accuracy; watch the entropy curves and the calibration.
      </p>
      {view.dataset?.synthetic && (
        <p className="notice" data-testid="synthetic-notice">
          Synthetic data: procedurally generated shapes and textures, not CIFAR-10. Choose Data = cifar10 for the real set.
        </p>
      )}
      {notices.length > 0 && (
        <div className="notice" role="status">
          {notices.map((n) => (
            <div key={n}>{n}</div>
          ))}
          <button type="button" onClick={dismissNotices}>
            OK
          </button>
        </div>
      )}
      <Toolbar running={view.running} onPlay={play} onPause={pause} onStep={step} onReset={reset} status={status} disabled={!view.dataset} />
      <div className="progress" title="epoch progress">
        <progress data-testid="epoch-progress" max={1} value={view.totalSteps ? view.step / view.totalSteps : 0} />
        <span className="muted">
          {view.source ?? ''} {view.dataset ? `· ${view.dataset.train} training / ${view.dataset.test} test images` : ''}
        </span>
      </div>
      <span className="export-all">
        All metrics of all runs: <ExportButtons name="classify-metrics" rows={allMetricRows()} extra={{ settings, runs: view.runs }} />
      </span>
      {view.error && (
        <p className="error" role="alert">
          {view.error}
        </p>
      )}
      {view.divergences.map((d) => (
        <p key={d.run} className="error" data-testid="divergence">
          {d.run} diverged at step {d.step}: {d.hint} The other runs go on.
        </p>
      ))}
      {(view.needArchive || view.archive || view.archiveError) && settings.data === 'cifar10' && (
        <div
          className="archive-drop"
          data-testid="archive-drop"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            const f = e.dataTransfer.files[0];
            if (f) void loadArchive(f, skipChecksum);
          }}
        >
          <p>{view.needArchive}</p>
          <input type="file" accept=".gz,.tgz,application/gzip" onChange={(e) => e.target.files?.[0] && void loadArchive(e.target.files[0], skipChecksum)} />
          <label>
            <input type="checkbox" checked={skipChecksum} onChange={(e) => setSkipChecksum(e.target.checked)} /> accept an archive that is not the official file (skip the md5 check)
          </label>
          {view.archive && (
            <div>
              <progress max={1} value={view.archive.fraction} /> {view.archive.stage}
            </div>
          )}
          {view.archiveError && <p className="error">{view.archiveError}</p>}
        </div>
      )}
      <SchemaControls schema={classifySchema} state={state} update={update} present={present} />
      <div className="chart-grid">
        <ChartBox id="chart-train-accuracy" points={stepRows.accuracy.length}>
          <LineChartPanel title="Training accuracy (batch)" rows={stepRows.accuracy} series={series} yDomain={[0, 1]} exportName="classify-train-accuracy" />
        </ChartBox>
        <ChartBox id="chart-test-accuracy" points={evalRows.accuracy.length}>
          <LineChartPanel title="Test accuracy" rows={evalRows.accuracy} series={series} yDomain={[0, 1]} exportName="classify-test-accuracy" />
        </ChartBox>
        <ChartBox id="chart-loss" points={stepRows.loss.length}>
          <LineChartPanel title="Training loss (cross-entropy; ERA runs on z′)" rows={stepRows.loss} series={series} exportName="classify-loss" />
        </ChartBox>
        <ChartBox id="chart-entropy" points={evalRows.entropy.length}>
          <LineChartPanel
            title="Mean predictive entropy on the test set (nats)"
            rows={evalRows.entropy}
            series={series}
            yDomain={[0, ENTROPY_AXIS_MAX]}
            references={h0s.map((h) => ({ y: h, label: `H₀ = ${h}` }))}
            exportName="classify-entropy"
          />
        </ChartBox>
        <EntropyHistogram evaluation={latest} runs={runs} h0={h0s[0] ?? null} maxEntropy={ENTROPY_AXIS_MAX} />
        <ReliabilityDiagram evaluation={latest} runs={runs} />
      </div>
      {view.dataset && (
        <>
          <h2>Confusion matrix</h2>
          <select value={confusionRun} onChange={(e) => setConfusionRun(Number(e.target.value))} aria-label="run of the confusion matrix">
            {view.runs.map((r, i) => (
              <option key={r} value={i}>
                {r}
              </option>
            ))}
          </select>
          <ConfusionMatrix evaluation={latest} run={view.runs[confusionRun] ?? view.runs[0]} classNames={view.dataset.classNames} />
          <h2>Test images and each run's prediction</h2>
          <PredictionGrid info={view.dataset} evaluation={latest} runs={runs} />
        </>
      )}
      <PerfPanel
        adapter={view.perf?.adapter ?? view.backend ?? 'starting…'}
        figures={{
          throughput: { unit: 'images/s', value: view.step > 0 ? view.imagesPerSecond : null },
          stepMs: view.step > 0 ? 1000 * view.stepSeconds : null,
          gpuMs: view.perf?.gpuMs ?? null,
          eraKernels: view.perf?.eraKernels ?? null,
        }}
      />
    </section>
  );
}
