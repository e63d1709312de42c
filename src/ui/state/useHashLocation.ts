// React bindings for the hash: the current location, and a lab state hook that reads its schema from
// the URL once per navigation and writes changes back with replaceState (no history entry per drag).
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { type HashLocation, SHELL_KEYS, formatHash, parseHash } from './hash.ts';
import { type ParamSpec, type ParseResult, type Schema, type StateOf, normalizeState, parseParams, serializeParams } from './schema.ts';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function useHashLocation(): HashLocation {
  const hash = useHash();
  return useMemo(() => parseHash(hash), [hash]);
}

/** Replaces the hash without a navigation event or a history entry. */
function replaceHash(hash: string): void {
  if (window.location.hash === hash) return;
  window.history.replaceState(window.history.state, '', hash);
}

export interface LabState<S> {
  state: S;
  /** Merge a partial update (the keys count as set by hand); the URL follows. */
  update: (patch: Partial<S>) => void;
  notices: string[];
  dismissNotices: () => void;
  /** Bumped each time a link (a paste, back/forward, a lesson) replaced the state from outside. */
  navigation: number;
}

/**
 * Lab settings backed by the URL. Parsed when the hash changes from outside (a pasted link, back/forward);
 * each update is written back to the hash, keeping shell keys such as `present`.
 */
export function useLabState<Specs extends readonly ParamSpec[]>(path: string, schema: Schema<Specs>): LabState<StateOf<Specs>> {
  const hash = useHash();
  const written = useRef<string | null>(null);
  const parsedHash = useRef(hash);
  const [parsed, setParsed] = useState<ParseResult<StateOf<Specs>> & { navigation: number }>(() => ({
    ...parseParams(schema, parseHash(hash).params, SHELL_KEYS),
    navigation: 0,
  }));
  const [dismissed, setDismissed] = useState(false);

  useEffect(() => {
    if (hash === written.current || hash === parsedHash.current) return; // our own write, or already read
    const loc = parseHash(hash);
    if (loc.path !== path) return;
    parsedHash.current = hash;
    setParsed((p) => ({ ...parseParams(schema, loc.params, SHELL_KEYS), navigation: p.navigation + 1 }));
    setDismissed(false);
  }, [hash, path, schema]);

  const state = parsed.state;
  useEffect(() => {
    const loc = parseHash(window.location.hash);
    if (loc.path !== path) return;
    const next = serializeParams(schema, state);
    for (const k of SHELL_KEYS) {
      const v = loc.params.get(k);
      if (v !== null) next.set(k, v);
    }
    const h = formatHash(path, next);
    written.current = h;
    replaceHash(h);
  }, [state, path, schema]);

  const update = useCallback(
    (patch: Partial<StateOf<Specs>>) => {
      setParsed((p) => {
        const touched = new Set([...p.touched, ...Object.keys(patch)]);
        return { ...p, touched, state: normalizeState(schema, { ...p.state, ...patch }, touched) };
      });
    },
    [schema],
  );

  return {
    state,
    update,
    notices: dismissed ? [] : parsed.notices,
    dismissNotices: () => setDismissed(true),
    navigation: parsed.navigation,
  };
}
