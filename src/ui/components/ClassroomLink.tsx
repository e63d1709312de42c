// A teacher's link builder: tick the controls the class should not see, choose present mode, copy.
// The link carries the lab's current settings, `hide=` with the ticked keys and `present=1`.
import { useId, useMemo, useState } from 'react';
import { formatHash, hiddenKeys } from '../state/hash.ts';
import { type ParamSpec, type Schema, type StateOf, serializeParams } from '../state/schema.ts';

/** The link for these settings with `hide` and `present` (and nothing else from the shell). */
export function classroomHash<Specs extends readonly ParamSpec[]>(
  path: string,
  schema: Schema<Specs>,
  state: StateOf<Specs>,
  hide: ReadonlySet<string>,
  present: boolean,
): string {
  const params = serializeParams(schema, state);
  if (hide.size) params.set('hide', [...hide].join(','));
  if (present) params.set('present', '1');
  return formatHash(path, params);
}

export function ClassroomLink<Specs extends readonly ParamSpec[]>({ path, schema, state }: { path: string; schema: Schema<Specs>; state: StateOf<Specs> }) {
  const id = useId();
  const [hide, setHide] = useState<ReadonlySet<string>>(() => hiddenKeys(new URLSearchParams(window.location.hash.split('?')[1] ?? '')));
  const [present, setPresent] = useState(true);
  const [copied, setCopied] = useState(false);
  const specs = schema.specs.filter((s) => s.kind !== 'list');
  const link = useMemo(() => {
    const base = `${window.location.origin}${window.location.pathname}${window.location.search}`;
    return base + classroomHash(path, schema, state, hide, present);
  }, [path, schema, state, hide, present]);
  const toggle = (name: string) =>
    setHide((h) => {
      const next = new Set(h);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // No clipboard permission (or no secure context): select the text so Ctrl+C copies it.
      (document.getElementById(`${id}-link`) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <details className="panel classroom-link" data-testid="classroom-link">
      <summary>Classroom link</summary>
      <p className="small">Tick the controls the class should not see; the link keeps the current settings.</p>
      <fieldset className="hide-list">
        <legend>Hide these controls</legend>
        {specs.map((s) => (
          <label key={s.name} className="inline-check">
            <input type="checkbox" checked={hide.has(s.name)} onChange={() => toggle(s.name)} data-hide={s.name} /> {s.label}
          </label>
        ))}
      </fieldset>
      <label className="inline-check">
        <input type="checkbox" checked={present} onChange={(e) => setPresent(e.target.checked)} /> open in present mode (large type, for a projector)
      </label>
      <div className="link-row">
        <input
          id={`${id}-link`}
          className="link-text"
          readOnly
          value={link}
          aria-label="Classroom link"
          data-testid="classroom-link-text"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy link'}
        </button>
      </div>
    </details>
  );
}
