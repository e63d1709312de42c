// The shell-level keys of the current link (present, hide, lesson), for any component.
import { useMemo } from 'react';
import { hiddenKeys, isPresentMode } from './hash.ts';
import { useHashLocation } from './useHashLocation.ts';

/** The setting keys `hide=` names (stable while the link's `hide` stays the same). */
export function useHiddenKeys(): ReadonlySet<string> {
  const hide = useHashLocation().params.get('hide') ?? '';
  return useMemo(() => hiddenKeys(new URLSearchParams(hide ? `hide=${encodeURIComponent(hide)}` : '')), [hide]);
}

export function usePresentMode(): boolean {
  return isPresentMode(useHashLocation().params);
}

/** The lesson a link opens (`lesson=<id>`), or null. */
export function useLessonId(): string | null {
  return useHashLocation().params.get('lesson');
}
