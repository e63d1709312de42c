// The Tokens lab's Web Worker: the shared lab runtime (src/lab/runtime.ts) with this lab's session.
// It owns TF.js and both runs; the page only sends commands and renders.
import '@tensorflow/tfjs-backend-webgpu';
import { describeTfBackend, selectWorkerBackend } from '../gpu/backend.ts';
import type { LabSession } from '../lab/runtime.ts';
import { runLabWorker } from '../lab/runtime.ts';
import type { TokensSettings } from './config.ts';
import { profileGrpoUpdate } from './perf.ts';
import { type SessionUpdate, TokensSession } from './session.ts';

/** The lab's side-by-side runs behind the runtime's session interface. */
class TokensLabSession implements LabSession<TokensSettings, SessionUpdate> {
  private readonly session: TokensSession;

  constructor(private settings: TokensSettings) {
    this.session = new TokensSession(settings);
  }

  get stepCount(): number {
    return this.session.stepCount;
  }

  get totalSteps(): number | null {
    return this.settings.budget > 0 ? this.settings.budget : null;
  }

  get finished(): boolean {
    return this.session.finished;
  }

  step(): Promise<SessionUpdate[]> {
    return this.session.step();
  }

  setLive(patch: Partial<TokensSettings>): void {
    this.settings = { ...this.settings, ...patch };
    this.session.setLive(patch);
  }

  async profile() {
    const run = this.session.runs.find((r) => r.config.era && !r.finished);
    if (!run) return null;
    const p = await profileGrpoUpdate(run, this.settings.promptsPerStep * this.settings.groupSize);
    return { stepGpuMs: p.gpuMs, eraKernels: p.eraKernels };
  }

  dispose(): void {
    this.session.dispose();
  }
}

let backend: Promise<string> | null = null;

runLabWorker<TokensSettings, SessionUpdate>({
  rateUnit: 'steps/s',
  selectBackend: () => (backend ??= selectWorkerBackend()),
  describeAdapter: describeTfBackend,
  createSession: async (settings) => new TokensLabSession(settings),
  profileEverySteps: 50,
});
