// The lab skeleton's state: the URL-backed settings (one schema), the worker bridge, and the rule that
// ties them together. A change to a `live` setting goes to the running training at once and leaves a
// marker on the time charts ("H₀ 0.6 → 1.2"); a change to a `reset` setting (model, data, seeds, sizes)
// waits until the user confirms a reset, unless nothing has been trained yet. Space, S and R drive the
// toolbar (not while typing in a field).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type ParamSpec, type Schema, type StateOf, changedKeys, specOf } from '../state/schema.ts';
import { useLabState } from '../state/useHashLocation.ts';
import { useHiddenKeys } from '../state/useShell.ts';
import { type LabWorker, type LabWorkerOptions, useLabWorker } from './useLabWorker.ts';

/** A live change, drawn as a vertical rule on the time charts at the step it took effect. */
export interface LiveMarker {
  step: number;
  key: string;
  label: string;
}

/** "H₀ (ERA target entropy)" → "H₀": the symbol a marker shows. */
export function shortLabel(spec: ParamSpec): string {
  return spec.label.split(' (')[0];
}

export function formatSettingValue(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (typeof v === 'number') return String(+v.toPrecision(3));
  return String(v);
}

/** Marker text for one live change, e.g. "H₀ 0.6 → 1.2". */
export function markerLabel(spec: ParamSpec, from: unknown, to: unknown): string {
  return `${shortLabel(spec)} ${formatSettingValue(from)} → ${formatSettingValue(to)}`;
}

export interface Lab<Specs extends readonly ParamSpec[], Command, View> {
  schema: Schema<Specs>;
  settings: StateOf<Specs>;
  update: (patch: Partial<StateOf<Specs>>) => void;
  notices: string[];
  dismissNotices: () => void;
  /** The settings the running session trains with. */
  applied: StateOf<Specs>;
  /** Reset settings changed since the session started: they apply on the next reset. */
  pending: string[];
  markers: LiveMarker[];
  hidden: ReadonlySet<string>;
  worker: LabWorker<StateOf<Specs>, Command, View>;
  /** A fresh session with the current settings (applies pending changes). */
  reset: () => void;
  /** Puts the pending settings back to what the session trains with. */
  keepRunning: () => void;
  togglePlay: () => void;
}

/** Marker changes of one setting closer than this (a slider drag) become one marker. */
const MERGE_MS = 1200;

export function useLab<Specs extends readonly ParamSpec[], Update, Command = never, Payload = never, View = unknown>(
  path: string,
  schema: Schema<Specs>,
  workerOptions: LabWorkerOptions<Update, Payload, View>,
): Lab<Specs, Command, View> {
  type S = StateOf<Specs>;
  const { state: settings, update, notices, dismissNotices, navigation } = useLabState(path, schema);
  const worker = useLabWorker<S, Update, Command, Payload, View>(workerOptions);
  const hidden = useHiddenKeys();
  const [applied, setApplied] = useState<S>(settings);
  const [markers, setMarkers] = useState<LiveMarker[]>([]);
  const lastMarkAt = useRef(0);
  const stepRef = useRef(0);
  stepRef.current = worker.state.status.step;

  const startFresh = useCallback(
    (s: S) => {
      setApplied(s);
      setMarkers([]);
      worker.reset(s);
    },
    [worker],
  );

  // The first session, and a fresh one whenever a link replaces the settings from outside.
  useEffect(() => {
    startFresh(settings);
    // Only on mount and navigation: ordinary edits are handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- settings are read at the moment of navigation
  }, [navigation]);

  // Edits: live settings act now; reset settings wait (or apply at once before the first step).
  useEffect(() => {
    const changed = changedKeys(schema, applied, settings);
    if (changed.length === 0) return;
    const resetKeys = changed.filter((k) => specOf(schema, k)?.apply === 'reset');
    if (resetKeys.length > 0 && stepRef.current === 0) {
      startFresh(settings);
      return;
    }
    const liveKeys = changed.filter((k) => specOf(schema, k)?.apply === 'live');
    if (liveKeys.length === 0) return;
    const a = applied as Record<string, unknown>;
    const s = settings as Record<string, unknown>;
    const patch = Object.fromEntries(liveKeys.map((k) => [k, s[k]])) as Partial<S>;
    worker.live(patch);
    setApplied((prev) => ({ ...prev, ...patch }));
    if (stepRef.current > 0) {
      const now = performance.now();
      const merge = now - lastMarkAt.current < MERGE_MS;
      lastMarkAt.current = now;
      setMarkers((ms) => {
        let out = ms;
        for (const key of liveKeys) {
          const spec = specOf(schema, key)!;
          const prev = merge ? out.findLast((m) => m.key === key) : undefined;
          if (prev && prev === out.at(-1)) {
            // Still the same drag: keep where it started, show where it is now.
            const from = prev.label.slice(shortLabel(spec).length + 1).split(' → ')[0];
            out = [...out.slice(0, -1), { ...prev, label: `${shortLabel(spec)} ${from} → ${formatSettingValue(s[key])}` }];
          } else out = [...out, { step: stepRef.current, key, label: markerLabel(spec, a[key], s[key]) }];
        }
        return out;
      });
    }
  }, [settings, applied, schema, worker, startFresh]);

  const pending = useMemo(() => changedKeys(schema, applied, settings).filter((k) => specOf(schema, k)?.apply === 'reset'), [schema, applied, settings]);

  const reset = useCallback(() => startFresh(settings), [startFresh, settings]);
  const keepRunning = useCallback(() => {
    const a = applied as Record<string, unknown>;
    update(Object.fromEntries(pending.map((k) => [k, a[k]])) as Partial<S>);
  }, [applied, pending, update]);
  const { running } = worker.state.status;
  const togglePlay = useCallback(() => (running ? worker.pause() : worker.play()), [running, worker]);

  useLabKeys({ togglePlay, step: worker.step, reset });

  return { schema, settings, update, notices, dismissNotices, applied, pending, markers, hidden, worker, reset, keepRunning, togglePlay };
}

/** True while the user types or operates a form control: shortcuts must not steal its keys. */
function inField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return /^(INPUT|TEXTAREA|SELECT|BUTTON|SUMMARY)$/.test(el.tagName) || el.isContentEditable;
}

/** Space = play/pause, S = step, R = reset (no modifier keys, not while in a field). */
export function useLabKeys(actions: { togglePlay: () => void; step: () => void; reset: () => void }): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || inField(e.target)) return;
      if (e.key === ' ') ref.current.togglePlay();
      else if (e.key === 's' || e.key === 'S') ref.current.step();
      else if (e.key === 'r' || e.key === 'R') ref.current.reset();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
