// One control per schema setting: a labelled range slider with an editable number beside it, a select,
// or a checkbox, with its help text visible underneath (a projector or a touch screen never shows a
// tooltip). The label carries the symbol, and the accessible name carries both spellings (H₀ / H0).
import { useEffect, useId, useState } from 'react';
import { type NumberSpec, type ParamSpec, clamp, numberRange } from '../state/schema.ts';

interface Props {
  spec: ParamSpec;
  value: unknown;
  /** The whole state, for ranges that depend on other settings. */
  state: Readonly<Record<string, unknown>>;
  onChange: (value: unknown) => void;
  /** Overrides the displayed precision of a number. */
  digits?: number;
  /** In a training lab: mark whether the setting acts live or needs a reset. */
  showApply?: boolean;
  /** A change is waiting for a reset (shown next to the label). */
  pending?: boolean;
}

export function accessibleName(spec: ParamSpec): string {
  return spec.ascii ? `${spec.label} — ${spec.ascii}` : spec.label;
}

/** The slider's own bounds: the valid range snapped inward to the step grid, so arrows land on round values. */
export function sliderBounds(min: number, max: number, step: number): { lo: number; hi: number } {
  const onGrid = (n: number) => +(n * step).toPrecision(12); // n·step without float noise
  const lo = onGrid(Math.ceil(min / step - 1e-9));
  const hi = onGrid(Math.floor(max / step + 1e-9));
  return lo > hi ? { lo: min, hi: max } : { lo, hi };
}

function decimalsOf(step: number): number {
  const s = String(step);
  return s.includes('.') ? s.split('.')[1].length : 0;
}

function ApplyTag({ spec, pending }: { spec: ParamSpec; pending?: boolean }) {
  if (pending) return <span className="apply-tag pending">applies on reset</span>;
  return spec.apply === 'live' ? (
    <span className="apply-tag live" title="Acts on the running training from its next step">
      live
    </span>
  ) : null;
}

function Help({ id, spec }: { id: string; spec: ParamSpec }) {
  return (
    <p className="param-help" id={id}>
      {spec.help}
    </p>
  );
}

function NumberControl({ spec, value, state, onChange, digits, showApply, pending }: Props & { spec: NumberSpec }) {
  const id = useId();
  const helpId = `${id}-help`;
  const v = value as number;
  const { min, max } = numberRange(spec, state);
  const { lo, hi } = sliderBounds(min, max, spec.step);
  const shown = v.toFixed(digits ?? decimalsOf(spec.step));
  const [text, setText] = useState(shown);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setText(shown);
  }, [shown, editing]);

  const commitText = (t: string) => {
    const x = Number(t);
    if (t.trim() === '' || !Number.isFinite(x)) return;
    const y = spec.kind === 'int' ? Math.round(x) : x;
    onChange(clamp(y, min, max));
  };

  return (
    <div className="param" data-setting={spec.name}>
      <label htmlFor={id} className="param-label">
        {spec.label} {showApply && <ApplyTag spec={spec} pending={pending} />}
      </label>
      <input
        id={id}
        type="range"
        min={lo}
        max={hi}
        step={spec.step}
        value={clamp(v, lo, hi)}
        aria-label={accessibleName(spec)}
        aria-valuetext={shown}
        aria-describedby={helpId}
        data-param={spec.name}
        onChange={(e) => onChange(Number(e.currentTarget.value))}
      />
      <input
        type="number"
        className="param-number"
        min={min}
        max={max}
        step={spec.step}
        value={text}
        aria-label={`${accessibleName(spec)} value`}
        aria-describedby={helpId}
        data-param-number={spec.name}
        data-testid={`param-${spec.name}`}
        onFocus={() => setEditing(true)}
        onChange={(e) => {
          setText(e.currentTarget.value);
          commitText(e.currentTarget.value);
        }}
        onBlur={() => {
          setEditing(false);
          setText(shown);
        }}
      />
      <Help id={helpId} spec={spec} />
    </div>
  );
}

export function ParamControl(props: Props) {
  const { spec, value, onChange, showApply, pending } = props;
  const id = useId();
  const helpId = `${id}-help`;
  switch (spec.kind) {
    case 'number':
    case 'int':
      return <NumberControl {...props} spec={spec} />;
    case 'enum':
      return (
        <div className="param param-choice" data-setting={spec.name}>
          <label htmlFor={id} className="param-label">
            {spec.label} {showApply && <ApplyTag spec={spec} pending={pending} />}
          </label>
          <select
            id={id}
            value={value as string}
            aria-label={accessibleName(spec)}
            aria-describedby={helpId}
            data-param={spec.name}
            data-testid={`param-${spec.name}`}
            onChange={(e) => onChange(e.currentTarget.value)}
          >
            {spec.options.map((o) => (
              <option key={o} value={o}>
                {spec.optionLabels?.[o] ?? o}
              </option>
            ))}
          </select>
          <Help id={helpId} spec={spec} />
        </div>
      );
    case 'bool':
      return (
        <div className="param param-choice" data-setting={spec.name}>
          <label className="param-label param-check">
            <input
              type="checkbox"
              checked={value as boolean}
              aria-label={accessibleName(spec)}
              aria-describedby={helpId}
              data-param={spec.name}
              data-testid={`param-${spec.name}`}
              onChange={(e) => onChange(e.currentTarget.checked)}
            />{' '}
            {spec.label} {showApply && <ApplyTag spec={spec} pending={pending} />}
          </label>
          <Help id={helpId} spec={spec} />
        </div>
      );
    case 'list':
      return null; // lists have their own editors (e.g. draggable logits)
  }
}
