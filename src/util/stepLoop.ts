// Play / pause / step for a training worker. One step runs at a time; play loops until paused, yielding
// to the message queue between steps so pause and reset arrive; stop() returns once no step is in flight.
export interface StepLoopHooks {
  /** One training step (it may call pause() itself, e.g. when the run finished or diverged). */
  step: () => Promise<void>;
  /** Posts what the steps produced; `force` posts now instead of at the worker's own rate. */
  flush: (force?: boolean) => void;
  onError: (message: string) => void;
}

export class StepLoop {
  running = false;
  private active = false;

  constructor(private readonly hooks: StepLoopHooks) {}

  play(): void {
    this.running = true;
    void this.loop();
  }

  pause(): void {
    this.running = false;
  }

  /** True while a step is in flight (after a pause, until that step finished). */
  get busy(): boolean {
    return this.active;
  }

  /** Pauses and waits for the step in flight, if any (before a reset disposes what it uses). */
  async stop(): Promise<void> {
    this.running = false;
    while (this.active) await new Promise((r) => setTimeout(r, 5));
  }

  /** A single step while paused (ignored while playing), posted at once. */
  async stepOnce(): Promise<void> {
    if (this.active) return;
    await this.hooks.step();
    this.hooks.flush(true);
  }

  private async loop(): Promise<void> {
    if (this.active) return;
    this.active = true;
    try {
      while (this.running) {
        await this.hooks.step();
        this.hooks.flush();
        await new Promise((r) => setTimeout(r, 0));
      }
    } catch (e) {
      this.running = false;
      this.hooks.onError(e instanceof Error ? e.message : String(e));
    } finally {
      this.active = false;
      this.hooks.flush(true);
    }
  }
}
