// A value that follows its input `frames` animation frames late (0: at once). Several charts given
// different delays re-render in separate frames, so no single main-thread task pays for all of them.
import { useEffect, useRef, useState } from 'react';
import { frameScheduler } from './frameScheduler.ts';

export function useFrameDelayed<T>(value: T, frames: number): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  // Created once; a pending call always shows the newest value, so a fast stream cannot starve it.
  const [scheduler] = useState(() => (frames > 0 ? frameScheduler(() => setShown(latest.current), { frames }) : null));
  useEffect(() => {
    latest.current = value;
    scheduler?.request();
  }, [value, scheduler]);
  useEffect(() => () => scheduler?.cancel(), [scheduler]);
  return scheduler ? shown : value;
}
