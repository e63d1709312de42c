// Runs an async computation whenever its key changes, one at a time: while one runs, only the newest
// request waits (a fast slider drag does not queue hundreds of GPU round trips).
import { useEffect, useRef, useState } from 'react';

export interface LatestResult<T> {
  value: T | null;
  error: string | null;
  /** The key the shown value was computed for (lets tests and readers tell fresh from stale). */
  key: string | null;
}

/** While `enabled` is false nothing runs and the last value stays on screen (e.g. while the GPU reconnects). */
export function useLatestResult<T>(key: string, run: () => Promise<T>, enabled = true): LatestResult<T> {
  const [result, setResult] = useState<LatestResult<T>>({ value: null, error: null, key: null });
  const busy = useRef(false);
  const pending = useRef<{ key: string; run: () => Promise<T> } | null>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    if (!enabled) return;
    pending.current = { key, run };
    if (busy.current) return;
    const drain = async () => {
      busy.current = true;
      while (pending.current) {
        const job = pending.current;
        pending.current = null;
        try {
          const value = await job.run();
          if (alive.current) setResult({ value, error: null, key: job.key });
        } catch (e) {
          if (alive.current) setResult((r) => ({ ...r, error: (e as Error).message, key: job.key }));
        }
      }
      busy.current = false;
    };
    void drain();
    // `run` closes over the same inputs as `key`; the key alone decides when to recompute.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled]);

  return result;
}
