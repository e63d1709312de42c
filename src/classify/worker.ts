// The classification lab's Web Worker: owns TF.js, the dataset and the lock-step runs; parses a picked
// CIFAR-10 archive (with progress) and caches it. The page only sends commands and renders.
import '@tensorflow/tfjs-backend-webgpu';
import { parseCifarArchive } from './data/cifar-archive.ts';
import { loadCachedCifar, saveCachedCifar } from './data/archive-cache.ts';
import { fetchCompactDataset } from './data/compact.ts';
import { CIFAR10_CLASS_NAMES, type ImageDataset, limitDataset } from './data/dataset.ts';
import { makeSyntheticDataset } from './data/synthetic.ts';
import type { ClassifySettings } from './config.ts';
import type { Divergence, EvalPoint, FromWorker, StepPoint, ToWorker } from './protocol.ts';
import { ClassifySession, datasetInfo } from './session.ts';
import { profileEraSoftmaxStep } from './perf.ts';
import { describeTfBackend, selectWorkerBackend } from '../gpu/backend.ts';
import { StepLoop } from '../util/stepLoop.ts';
import { trainerConfigOf } from './config.ts';

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** Updates are batched and posted at most this often, so the page re-renders a few times per second. */
const POST_INTERVAL_MS = 250;
/** The ERA kernels are profiled (timestamp queries split every kernel into its own pass) this rarely. */
const PROFILE_EVERY_STEPS = 50;

let session: ClassifySession | null = null;
let settings: ClassifySettings | null = null;
let pending: { steps: StepPoint[]; evals: EvalPoint[]; divergences: Divergence[] } = { steps: [], evals: [], divergences: [] };
let lastPost = 0;
let recent: Array<{ t: number; images: number; seconds: number }> = [];
let ready: Promise<void> | null = null;
let cifar: ImageDataset | null = null;

async function initBackend(): Promise<void> {
  post({ type: 'ready', backend: await selectWorkerBackend() });
}

function flush(force = false): void {
  const now = performance.now();
  if (!force && now - lastPost < POST_INTERVAL_MS) return;
  lastPost = now;
  if (pending.steps.length || pending.evals.length || pending.divergences.length) post({ type: 'updates', ...pending });
  pending = { steps: [], evals: [], divergences: [] };
  recent = recent.filter((r) => now - r.t < 3000);
  const images = recent.reduce((n, r) => n + r.images, 0);
  const seconds = recent.reduce((n, r) => n + r.seconds, 0);
  post({
    type: 'status',
    running: loop.running,
    step: session?.trainer.step ?? 0,
    imagesPerSecond: seconds > 0 ? images / seconds : 0,
    stepSeconds: recent.length ? seconds / recent.length : 0,
    finished: session?.finished ?? false,
  });
}

async function stepOnce(): Promise<void> {
  if (!session || session.finished) {
    loop.pause();
    return;
  }
  const r = await session.step();
  pending.steps.push(r.step);
  if (r.evaluation) pending.evals.push(r.evaluation);
  pending.divergences.push(...r.divergences);
  recent.push({ t: performance.now(), images: r.step.images, seconds: r.step.seconds });
  if (r.step.runs.every((x) => x.diverged)) loop.pause();
  if (session.trainer.step === 1 || session.trainer.step % PROFILE_EVERY_STEPS === 0) await postPerf(session);
}

async function postPerf(s: ClassifySession): Promise<void> {
  const config = trainerConfigOf(s.settings, s.dataset.train.count);
  const h0s = config.runs.map((r) => r.regularizer.eraH0).filter((h): h is number => h !== null);
  const profile = h0s.length ? await profileEraSoftmaxStep(config.batchSize, 10, h0s) : null;
  post({ type: 'perf', adapter: describeTfBackend(), gpuMs: profile?.gpuMs ?? null, eraKernels: profile?.eraKernels ?? null });
}

const loop = new StepLoop({ step: stepOnce, flush, onError: (message) => post({ type: 'error', message }) });

async function loadDataset(s: ClassifySettings, dataBaseUrl: string): Promise<{ ds: ImageDataset; source: string } | null> {
  if (s.data === 'synthetic') {
    return { ds: makeSyntheticDataset({ trainSize: s.trainSize, testSize: s.testSize, seed: s.seed }), source: 'synthetic (generated in your browser)' };
  }
  let source = 'cached archive (IndexedDB)';
  if (!cifar) {
    cifar = await fetchCompactDataset(dataBaseUrl).catch(() => null);
    source = 'served files (data/cifar10/)';
  }
  if (!cifar) {
    cifar = await loadCachedCifar().catch(() => null);
    source = 'cached archive (IndexedDB)';
  }
  if (!cifar) return null;
  return { ds: limitDataset(cifar, s.trainSize, s.testSize), source };
}

async function startSession(s: ClassifySettings, dataBaseUrl: string): Promise<void> {
  session?.dispose();
  session = null;
  const loaded = await loadDataset(s, dataBaseUrl);
  if (!loaded) {
    post({ type: 'need-archive', message: 'CIFAR-10 is not served with this page and not cached: pick or drop cifar-10-binary.tar.gz.' });
    return;
  }
  session = new ClassifySession(loaded.ds, s);
  const info = datasetInfo(loaded.ds);
  post({ type: 'dataset', info, runs: session.trainer.runNames, stepsPerEpoch: session.trainer.stepsPerEpoch, totalSteps: session.totalSteps, source: loaded.source });
}

let lastBaseUrl = '';

async function handle(msg: ToWorker): Promise<void> {
  try {
    ready ??= initBackend();
    await ready;
    switch (msg.type) {
      case 'reset':
        await loop.stop();
        settings = msg.settings;
        lastBaseUrl = msg.dataBaseUrl;
        pending = { steps: [], evals: [], divergences: [] };
        recent = [];
        await startSession(msg.settings, msg.dataBaseUrl);
        flush(true);
        break;
      case 'play':
        loop.play();
        break;
      case 'pause':
        loop.pause();
        break;
      case 'step':
        await loop.stepOnce();
        break;
      case 'archive': {
        try {
          const parsed = parseCifarArchive(new Uint8Array(msg.bytes), {
            skipChecksum: msg.skipChecksum,
            onProgress: (fraction, stage) => post({ type: 'archive-progress', fraction, stage }),
          });
          post({ type: 'archive-progress', fraction: 1, stage: 'caching' });
          await saveCachedCifar(parsed).catch(() => undefined); // a private window may refuse: still usable now
          cifar = await loadCachedCifar().catch(() => null);
          cifar ??= { name: 'cifar10', synthetic: false, classNames: CIFAR10_CLASS_NAMES, train: parsed.train, test: parsed.test };
        } catch (e) {
          post({ type: 'archive-error', message: e instanceof Error ? e.message : String(e) });
          break;
        }
        if (settings?.data === 'cifar10') await startSession(settings, lastBaseUrl);
        flush(true);
        break;
      }
    }
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

// Commands run one after another (a reset never lands in the middle of a single step).
let queue: Promise<void> = Promise.resolve();
self.onmessage = (ev: MessageEvent<ToWorker>) => {
  queue = queue.then(() => handle(ev.data));
};
