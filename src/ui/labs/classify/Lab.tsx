// The Classification lab: the same network trained side by side with up to 4 regularizers (none, label
// smoothing, dropout, ERA, ERA + either) in a Web Worker, in the shared lab layout. The primary chart is
// the test-set predictive entropy of every run against H₀ and ERA's one-hot floor.
import { useEffect, useMemo, useState } from 'react';
import type { ClassifyCommand, ClassifyPayload, ClassifyUpdate } from '../../../classify/protocol.ts';
import { CIFAR10_MD5, CIFAR10_URL } from '../../../classify/data/cifar-archive.ts';
import { CIFAR10_PARQUET_DOWNLOAD_BYTES } from '../../../classify/data/cifar-parquet.ts';
import { NUM_CLASSES } from '../../../classify/data/dataset.ts';
import { AS_RELEASED_PRESET } from '../../../classify/options.ts';
import { softmaxEraEntropyFloor } from '../../../era/reference.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { type ChartMarker, type ChartReference, type ChartSeries, TimeChart } from '../../components/TimeChart.tsx';
import { useFrameDelayed } from '../../hooks/useFrameDelayed.ts';
import { LabLayout } from '../../lab/LabLayout.tsx';
import { useLab } from '../../lab/useLab.ts';
import { runStyle } from '../../theme/palette.ts';
import { ConfusionMatrix, EntropyHistogram, PredictionGrid, ReliabilityDiagram, type RunStyle } from './charts.tsx';
import './classify.css';
import { classifySchema } from './schema.ts';
import { type ClassifyView, emptyView, evalRows, reducePayload, reduceUpdates, runKind, stepRows } from './view.ts';

/** ln 10 rounded up: the axis top of entropy charts (10 classes). */
const ENTROPY_AXIS_MAX = Math.ceil(Math.log(NUM_CLASSES) * 100) / 100;
const ENTROPY_DOMAIN = [0, ENTROPY_AXIS_MAX] as const;
const UNIT = [0, 1] as const;

/** The official archive's size in bytes (www.cs.toronto.edu). */
const CIFAR10_ARCHIVE_BYTES = 170_052_171;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

const createWorker = () => new Worker(new URL('../../../classify/worker.ts', import.meta.url), { type: 'module' });

export default function ClassifyLab({ present = false }: { present?: boolean }) {
  const lab = useLab<typeof classifySchema.specs, ClassifyUpdate, ClassifyCommand, ClassifyPayload, ClassifyView>('/classify', classifySchema, {
    create: () => {
      const w = createWorker();
      // Where data/cifar10/ is served, before the first reset reaches the worker.
      w.postMessage({ type: 'lab', command: { kind: 'data-base', url: new URL('data/cifar10/', document.baseURI).toString() } });
      return w;
    },
    initialView: emptyView,
    reduce: reduceUpdates,
    reducePayload,
  });
  const view = lab.worker.state.view;
  const { applied } = lab;
  const [skipChecksum, setSkipChecksum] = useState(false);
  // "Get CIFAR-10" asks first: nothing goes to another origin before the user agrees.
  const [confirmDownload, setConfirmDownload] = useState(false);
  const [confusionRun, setConfusionRun] = useState(0);

  const runs: RunStyle[] = useMemo(() => view.runs.map((name) => ({ name, style: runStyle(runKind(name)) })), [view.runs]);
  const series: ChartSeries[] = useMemo(() => runs.map((r) => ({ key: r.name, label: r.name, style: r.style })), [runs]);
  const hasEra = view.runs.some((n) => runKind(n).startsWith('era'));
  const references: ChartReference[] = useMemo(
    () =>
      hasEra
        ? [
            { y: applied.h0, label: `H₀ = ${applied.h0}` },
            { y: softmaxEraEntropyFloor(NUM_CLASSES, { h0: applied.h0 }), label: 'ERA floor (one-hot input)', color: '#5f6b7a' },
          ]
        : [],
    [hasEra, applied.h0],
  );
  const markers: ChartMarker[] = useMemo(
    () => [
      ...lab.markers.map((m) => ({ x: m.step, label: m.label })),
      ...view.divergences.map((d) => ({ x: d.step, label: `${d.run} diverged`, color: '#b3261e' })),
    ],
    [lab.markers, view.divergences],
  );

  const rows = useMemo(
    () => ({
      loss: stepRows(view.steps, (r) => r.loss),
      trainAccuracy: stepRows(view.steps, (r) => r.accuracy),
      testAccuracy: evalRows(view.evals, (r) => r.accuracy),
      entropy: evalRows(view.evals, (r) => r.meanEntropy),
    }),
    [view.steps, view.evals],
  );
  const latest = view.evals.at(-1);
  // The confusion matrix and the prediction grid follow a new evaluation in frames of their own (the
  // histogram and the calibration chart take frames 4 and 5), so no single task renders all of them.
  const latestForMatrix = useFrameDelayed(latest, 6);
  const latestForGrid = useFrameDelayed(latest, 7);
  const allMetricRows = () => [
    ...view.steps.flatMap((s) =>
      s.runs.map((r) => ({
        kind: 'step',
        step: s.step,
        epoch: s.epoch,
        run: r.name,
        loss: r.loss,
        batch_accuracy: r.accuracy,
        learning_rate: s.learningRate,
        diverged: r.diverged,
      })),
    ),
    ...view.evals.flatMap((e) =>
      e.runs.map((r) => ({
        kind: 'eval',
        step: e.step,
        epoch: e.epoch,
        run: r.name,
        test_accuracy: r.accuracy,
        test_nll: r.nll,
        mean_entropy: r.meanEntropy,
        min_entropy: r.minEntropy,
        ece: r.ece,
      })),
    ),
  ];

  const loadArchive = async (file: File) => {
    const bytes = await file.arrayBuffer();
    lab.worker.command({ kind: 'archive', bytes, skipChecksum }, [bytes]);
  };
  useEffect(() => setConfusionRun(0), [view.runs]);
  const { command } = lab.worker;
  useEffect(() => {
    if (view.downloadsDone > 0) command({ kind: 'use-download' });
  }, [view.downloadsDone, command]);

  const epoch = view.stepsPerEpoch ? lab.worker.state.status.step / view.stepsPerEpoch : 0;
  const banner = (
    <>
      {view.dataset?.synthetic && (
        <p className="notice" data-testid="synthetic-notice">
          Synthetic data: procedurally generated shapes and textures, not CIFAR-10. Choose Data = cifar10 for the real set.
        </p>
      )}
      <div className="progress">
        <span className="muted">
          {view.source ?? ''} {view.dataset ? `· ${view.dataset.train} training / ${view.dataset.test} test images · epoch ${epoch.toFixed(2)}` : ''}
        </span>
      </div>
      {view.served && !view.dataset && lab.settings.data === 'cifar10' && (
        <div className="progress" data-testid="served-progress">
          <progress max={view.served.total} value={view.served.received} aria-label="loading the served CIFAR-10 files" /> loading CIFAR-10 from this site:{' '}
          {mb(view.served.received)} of {mb(view.served.total)}
        </div>
      )}
      {(view.needArchive || view.archive || view.archiveError || view.download || view.downloadError) && lab.settings.data === 'cifar10' && (
        <div
          className="archive-drop"
          data-testid="archive-drop"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            const f = e.dataTransfer.files[0];
            if (f) void loadArchive(f);
          }}
        >
          <p>{view.needArchive}</p>
          <div className="cifar-download" data-testid="cifar-download">
            {view.download ? (
              <div>
                <progress
                  max={view.download.total ?? undefined}
                  value={view.download.total ? view.download.received : undefined}
                  aria-label="downloading CIFAR-10"
                />{' '}
                <span data-testid="download-bytes">
                  {mb(view.download.received)}
                  {view.download.total ? ` of ${mb(view.download.total)}` : ''}
                </span>{' '}
                <button type="button" onClick={() => lab.worker.command({ kind: 'download-cancel' })}>
                  Cancel
                </button>
              </div>
            ) : confirmDownload ? (
              <div role="group" aria-label="confirm the download">
                <p>
                  Download about {mb(CIFAR10_PARQUET_DOWNLOAD_BYTES)} ({CIFAR10_PARQUET_DOWNLOAD_BYTES.toLocaleString('en')} bytes) from Hugging Face
                  (huggingface.co, dataset uoft-cs/cifar10)? It is decoded in your browser and kept in this browser's storage (IndexedDB) for later visits.
                </p>
                <button
                  type="button"
                  onClick={() => {
                    setConfirmDownload(false);
                    lab.worker.command({ kind: 'download' });
                  }}
                >
                  Download
                </button>{' '}
                <button type="button" onClick={() => setConfirmDownload(false)}>
                  Not now
                </button>
              </div>
            ) : (
              <button type="button" onClick={() => setConfirmDownload(true)} disabled={!!view.archive}>
                Get CIFAR-10
              </button>
            )}
            {view.downloadError && <p className="error">{view.downloadError}</p>}
          </div>
          <p className="muted">
            Or pick or drop the official archive, <a href={CIFAR10_URL}>cifar-10-binary.tar.gz</a> ({mb(CIFAR10_ARCHIVE_BYTES)},{' '}
            {CIFAR10_ARCHIVE_BYTES.toLocaleString('en')} bytes, md5 <code>{CIFAR10_MD5}</code>):
          </p>
          <input
            type="file"
            accept=".gz,.tgz,application/gzip"
            aria-label="CIFAR-10 archive (cifar-10-binary.tar.gz)"
            onChange={(e) => e.target.files?.[0] && void loadArchive(e.target.files[0])}
          />
          <label>
            <input type="checkbox" checked={skipChecksum} onChange={(e) => setSkipChecksum(e.target.checked)} /> accept an archive that is not the official file
            (skip the md5 check)
          </label>
          {view.archive && (
            <div>
              <progress max={1} value={view.archive.fraction} aria-label="parsing the archive" /> {view.archive.stage}
            </div>
          )}
          {view.archiveError && <p className="error">{view.archiveError}</p>}
        </div>
      )}
      <p className="muted small" data-testid="as-released">
        The released classification code adds label smoothing 0.1 to every run, ERA's included.{' '}
        <button type="button" onClick={() => lab.update({ ...AS_RELEASED_PRESET })} title="Sets none + LS, ERA + LS and dropout + LS, all at ε = 0.1">
          As released
        </button>
      </p>
      {view.divergences.map((d) => (
        <p key={d.run} className="error" data-testid="divergence">
          {d.run} diverged at step {d.step}: {d.hint} The other runs go on.
        </p>
      ))}
    </>
  );

  return (
    <LabLayout
      lab={lab}
      id="classify"
      title="Classify: ERA against label smoothing, dropout and no regularizer"
      present={present}
      stepUnit="steps"
      disabled={!view.dataset}
      lede="The same network, from the same initial weights and on the same batches, trained with different regularizers in lock-step on your GPU. ERA keeps every prediction's entropy at or above H₀ without hurting accuracy."
      banner={banner}
      actions={
        <span className="export-all">
          All metrics: <ExportButtons name="classify-metrics" rows={allMetricRows} extra={{ settings: applied, runs: view.runs }} />
        </span>
      }
      primary={
        <TimeChart
          title="Mean predictive entropy on the test set (nats)"
          caption="Each run's average entropy of its test predictions. Without ERA confidence keeps rising and entropy falls toward 0; ERA cannot go below its floor."
          testId="chart-entropy"
          rows={rows.entropy}
          series={series}
          yDomain={ENTROPY_DOMAIN}
          references={references}
          markers={markers}
          height={300}
          xLabel="training step"
          exportName="classify-entropy"
        />
      }
      about={
        <p>
          ERA sits after the classifier head, in training and evaluation: the loss is the cross-entropy on ERA's output z′, and since ERA keeps the ranking of
          the classes, accuracy is unchanged at evaluation while the confidence is capped. Label smoothing changes the targets; dropout acts on the features
          entering the head.
        </p>
      }
    >
      <div className="chart-grid">
        <TimeChart
          title="Test accuracy"
          testId="chart-test-accuracy"
          rows={rows.testAccuracy}
          series={series}
          yDomain={UNIT}
          markers={markers}
          xLabel="training step"
          exportName="classify-test-accuracy"
          lateFrames={1}
        />
        <TimeChart
          title="Training accuracy (batch)"
          testId="chart-train-accuracy"
          rows={rows.trainAccuracy}
          series={series}
          yDomain={UNIT}
          markers={markers}
          xLabel="training step"
          exportName="classify-train-accuracy"
          lateFrames={2}
        />
        <TimeChart
          title="Training loss (cross-entropy; ERA runs on z′)"
          testId="chart-loss"
          rows={rows.loss}
          series={series}
          markers={markers}
          xLabel="training step"
          exportName="classify-loss"
          lateFrames={3}
        />
        <EntropyHistogram evaluation={latest} runs={runs} h0={hasEra ? applied.h0 : null} maxEntropy={ENTROPY_AXIS_MAX} />
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
          <ConfusionMatrix evaluation={latestForMatrix} run={view.runs[confusionRun] ?? view.runs[0]} classNames={view.dataset.classNames} />
          <h2>Test images and each run's prediction</h2>
          <PredictionGrid info={view.dataset} evaluation={latestForGrid} runs={runs} />
        </>
      )}
    </LabLayout>
  );
}
