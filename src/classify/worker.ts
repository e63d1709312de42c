// The Classification lab's Web Worker: the shared lab runtime (src/lab/runtime.ts) with this lab's
// session. It owns TF.js, the dataset and the lock-step runs, and parses a picked CIFAR-10 archive (with
// progress) into the cache. The page only sends commands and renders.
import '@tensorflow/tfjs-backend-webgpu';
import { describeTfBackend, selectWorkerBackend } from '../gpu/backend.ts';
import { type LabContext, type LabSession, runLabWorker } from '../lab/runtime.ts';
import type { ClassifySettings } from './config.ts';
import { loadCachedCifar, saveCachedCifar } from './data/archive-cache.ts';
import { parseCifarArchive } from './data/cifar-archive.ts';
import { parseCifarParquetPair } from './data/cifar-parquet.ts';
import { fetchCompactDataset } from './data/compact.ts';
import { DownloadCancelled, PARQUET_SOURCE, PARQUET_SOURCE_IS_OFFICIAL, downloadCifarParquet } from './data/hub-download.ts';
import { browserPngDecoder } from './data/png-canvas.ts';
import { CIFAR10_CLASS_NAMES, type ImageDataset, limitDataset } from './data/dataset.ts';
import { makeSyntheticDataset } from './data/synthetic.ts';
import { profileTrainerStep } from './perf.ts';
import type { ClassifyCommand, ClassifyPayload, ClassifyUpdate } from './protocol.ts';
import { ClassifySession, datasetInfo } from './session.ts';

type Ctx = LabContext<ClassifySettings, ClassifyUpdate, ClassifyPayload>;

/** The lock-step runs behind the runtime's session interface. */
class ClassifyLabSession implements LabSession<ClassifySettings, ClassifyUpdate> {
  constructor(private readonly session: ClassifySession) {}

  get stepCount(): number {
    return this.session.trainer.step;
  }

  get totalSteps(): number {
    return this.session.totalSteps;
  }

  get finished(): boolean {
    return this.session.finished;
  }

  get workPerStep(): number {
    return this.session.trainer.batchSize * this.session.trainer.config.runs.length;
  }

  async step(): Promise<ClassifyUpdate[]> {
    return [await this.session.step()];
  }

  setLive(patch: Partial<ClassifySettings>): void {
    this.session.setLive(patch);
  }

  async profile() {
    const p = await profileTrainerStep(this.session.trainer);
    return { stepGpuMs: p.gpuMs, eraKernels: p.eraKernels };
  }

  dispose(): void {
    this.session.dispose();
  }
}

let dataBaseUrl = '';
let cifar: ImageDataset | null = null;
let cifarSource = 'cached archive (IndexedDB)';
let download: AbortController | null = null;

async function loadDataset(s: ClassifySettings, ctx: Ctx): Promise<{ ds: ImageDataset; source: string } | null> {
  if (s.data === 'synthetic') {
    return { ds: makeSyntheticDataset({ trainSize: s.trainSize, testSize: s.testSize, seed: s.seed }), source: 'synthetic (generated in your browser)' };
  }
  if (!cifar && dataBaseUrl) {
    cifar = await fetchCompactDataset(dataBaseUrl, fetch, (received, total) => ctx.post({ kind: 'served-progress', received, total })).catch(() => null);
    cifarSource = 'served files (data/cifar10/)';
  }
  if (!cifar) {
    cifar = await loadCachedCifar().catch(() => null);
    cifarSource = 'cached archive (IndexedDB)';
  }
  if (!cifar) return null;
  return { ds: limitDataset(cifar, s.trainSize, s.testSize), source: cifarSource };
}

async function createSession(s: ClassifySettings, ctx: Ctx): Promise<ClassifyLabSession | null> {
  const loaded = await loadDataset(s, ctx);
  if (!loaded) {
    ctx.post({
      kind: 'need-archive',
      message: 'CIFAR-10 is not served with this page and not cached: get it from Hugging Face, or pick or drop cifar-10-binary.tar.gz.',
    });
    return null;
  }
  const session = new ClassifySession(loaded.ds, s);
  ctx.post({
    kind: 'dataset',
    info: datasetInfo(loaded.ds),
    runs: session.trainer.runNames,
    stepsPerEpoch: session.trainer.stepsPerEpoch,
    source: loaded.source,
  });
  return new ClassifyLabSession(session);
}

async function command(c: ClassifyCommand, ctx: Ctx): Promise<void> {
  switch (c.kind) {
    case 'data-base':
      dataBaseUrl = c.url;
      return;
    case 'archive': {
      try {
        const parsed = parseCifarArchive(new Uint8Array(c.bytes), {
          skipChecksum: c.skipChecksum,
          onProgress: (fraction, stage) => ctx.post({ kind: 'archive-progress', fraction, stage }),
        });
        ctx.post({ kind: 'archive-progress', fraction: 1, stage: 'caching' });
        await saveCachedCifar(parsed).catch(() => undefined); // a private window may refuse: still usable now
        cifar = await loadCachedCifar().catch(() => null);
        cifar ??= { name: 'cifar10', synthetic: false, classNames: CIFAR10_CLASS_NAMES, train: parsed.train, test: parsed.test };
      } catch (e) {
        ctx.post({ kind: 'archive-error', message: e instanceof Error ? e.message : String(e) });
        return;
      }
      if (ctx.settings?.data === 'cifar10') await ctx.restart();
      return;
    }
    case 'download':
      // Not awaited: commands run one after another, and Cancel must get through while this runs.
      if (!download) void downloadFromHub(ctx);
      return;
    case 'download-cancel':
      download?.abort();
      return;
    case 'use-download':
      if (ctx.settings?.data === 'cifar10') await ctx.restart();
      return;
  }
}

/** Download → decode → verify → cache → restart on the new data; any failure caches nothing. */
async function downloadFromHub(ctx: Ctx): Promise<void> {
  const controller = (download = new AbortController());
  try {
    const files = await downloadCifarParquet(new URL(PARQUET_SOURCE, dataBaseUrl || self.location.href).toString(), controller.signal, (received, total) =>
      ctx.post({ kind: 'download-progress', received, total }),
    );
    const parsed = await parseCifarParquetPair(files, {
      official: PARQUET_SOURCE_IS_OFFICIAL,
      decode: browserPngDecoder(),
      onProgress: (fraction, stage) => ctx.post({ kind: 'archive-progress', fraction, stage }),
    });
    ctx.post({ kind: 'archive-progress', fraction: 1, stage: 'caching' });
    await saveCachedCifar(parsed).catch(() => undefined); // a private window may refuse: still usable now
    cifar = { name: 'cifar10', synthetic: false, classNames: CIFAR10_CLASS_NAMES, train: parsed.train, test: parsed.test };
    cifarSource = 'downloaded from Hugging Face (uoft-cs/cifar10), cached (IndexedDB)';
  } catch (e) {
    if (e instanceof DownloadCancelled) ctx.post({ kind: 'download-cancelled' });
    else ctx.post({ kind: 'download-error', message: e instanceof Error ? e.message : String(e) });
    return;
  } finally {
    download = null;
  }
  // The restart goes through the page ('use-download'), so it queues behind any reset sent meanwhile.
  ctx.post({ kind: 'download-done' });
}

let backend: Promise<string> | null = null;

runLabWorker<ClassifySettings, ClassifyUpdate, ClassifyCommand, ClassifyPayload>({
  rateUnit: 'images/s',
  selectBackend: () => (backend ??= selectWorkerBackend()),
  describeAdapter: describeTfBackend,
  createSession,
  command,
  postIntervalMs: 250,
  profileEverySteps: 50,
});
