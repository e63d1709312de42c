// Runs a callback at most once per animation frame however often it is requested: worker messages that
// queue up while the main thread is busy then cost one render (or one canvas draw), not one each.
// With `frames` > 1 the call waits that many frames, which spreads heavy renders over separate tasks.
export interface FrameScheduler {
  /** Schedules the callback `frames` frames from now unless a call is already scheduled. */
  request(): void;
  /** Drops a scheduled call (on unmount). */
  cancel(): void;
}

export interface FrameSchedulerOptions {
  frames?: number;
  raf?: (cb: () => void) => number;
  cancelRaf?: (id: number) => void;
}

export function frameScheduler(callback: () => void, options: FrameSchedulerOptions = {}): FrameScheduler {
  const { frames = 1, raf = (cb) => requestAnimationFrame(cb), cancelRaf = (id) => cancelAnimationFrame(id) } = options;
  if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`frames must be an integer ≥ 1, got ${frames}`);
  let pending: number | null = null;
  return {
    request() {
      if (pending !== null) return;
      let left = frames;
      const tick = () => {
        left -= 1;
        if (left > 0) {
          pending = raf(tick);
          return;
        }
        pending = null;
        callback();
      };
      pending = raf(tick);
    },
    cancel() {
      if (pending !== null) cancelRaf(pending);
      pending = null;
    },
  };
}
