// The lab's two runs side by side (GRPO and GRPO+ERA, same seed and prompts), advanced one step at a
// time. The worker drives it; it knows nothing about messages or the DOM, so Node tests drive it too.
import { type TokensSettings, runConfigs } from './config.ts';
import { type EvalResult, GrpoRun, type StepMetrics } from './trainer.ts';

export interface SessionUpdate {
  run: string;
  metrics?: StepMetrics;
  eval?: EvalResult;
  /** Set once, on the step where the run's loss became NaN/∞. */
  divergedAt?: number;
}

export class TokensSession {
  readonly runs: GrpoRun[];

  constructor(readonly settings: TokensSettings) {
    this.runs = runConfigs(settings).map((c) => new GrpoRun(c));
  }

  get finished(): boolean {
    return this.runs.every((r) => r.diverged);
  }

  /** One GRPO step of every live run (a diverged run stops; the other goes on), with pass@k when due. */
  async step(): Promise<SessionUpdate[]> {
    const out: SessionUpdate[] = [];
    for (const run of this.runs) {
      if (run.diverged) continue;
      const metrics = await run.step();
      const update: SessionUpdate = { run: run.config.name, metrics };
      if (run.diverged) update.divergedAt = run.divergedAt!;
      else if (run.stepCount === 1 || run.stepCount % this.settings.evalEvery === 0) update.eval = await run.evaluate();
      out.push(update);
    }
    return out;
  }

  dispose(): void {
    this.runs.forEach((r) => r.dispose());
  }
}
