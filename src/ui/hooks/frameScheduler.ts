// Runs a callback at most once per animation frame however often it is requested: worker messages that
// queue up while the main thread is busy then cost one render (or one canvas draw), not one each.
// With `frames` > 1 the call waits that many frames, which spreads heavy renders over separate tasks.
// A frame that does not come within `frameTimeoutMs` (a compositor stalled behind a busy GPU process,
// which WebGPU training on a slow adapter causes) is replaced by a timer, so the page never freezes.
export interface FrameScheduler {
  /** Schedules the callback `frames` frames from now unless a call is already scheduled. */
  request(): void;
  /** Drops a scheduled call (on unmount). */
  cancel(): void;
}

export interface FrameSchedulerOptions {
  frames?: number;
  frameTimeoutMs?: number;
  raf?: (cb: () => void) => number;
  cancelRaf?: (id: number) => void;
  setTimer?: (cb: () => void, ms: number) => unknown;
  clearTimer?: (id: unknown) => void;
}

export function frameScheduler(callback: () => void, options: FrameSchedulerOptions = {}): FrameScheduler {
  const {
    frames = 1,
    frameTimeoutMs = 100,
    raf = (cb) => requestAnimationFrame(cb),
    cancelRaf = (id) => cancelAnimationFrame(id),
    setTimer = (cb, ms) => setTimeout(cb, ms),
    clearTimer = (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  } = options;
  if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`frames must be an integer ≥ 1, got ${frames}`);
  let pending: { frame: number; timer: unknown } | null = null;
  const clear = () => {
    if (!pending) return;
    cancelRaf(pending.frame);
    clearTimer(pending.timer);
    pending = null;
  };
  const wait = (left: number) => {
    const next = () => {
      clear();
      if (left > 1) wait(left - 1);
      else callback();
    };
    pending = { frame: raf(next), timer: setTimer(next, frameTimeoutMs) };
  };
  return {
    request() {
      if (!pending) wait(frames);
    },
    cancel: clear,
  };
}
