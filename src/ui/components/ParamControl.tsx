// One control per schema setting: a labelled range slider with an editable number beside it, a select,
// or a checkbox. The label carries the symbol, and the accessible name carries both spellings (H₀ / H0).
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
}

function accessibleName(spec: ParamSpec): string {
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

function NumberControl({ spec, value, state, onChange, digits }: Props & { spec: NumberSpec }) {
  const id = useId();
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
    <div className="param" title={spec.help}>
      <label htmlFor={id} className="param-label">
        {spec.label}
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
        data-param-number={spec.name}
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
    </div>
  );
}

export function ParamControl(props: Props) {
  const { spec, value, onChange } = props;
  const id = useId();
  switch (spec.kind) {
    case 'number':
    case 'int':
      return <NumberControl {...props} spec={spec} />;
    case 'enum':
      return (
        <div className="param" title={spec.help}>
          <label htmlFor={id} className="param-label">
            {spec.label}
          </label>
          <select id={id} value={value as string} aria-label={accessibleName(spec)} data-param={spec.name} onChange={(e) => onChange(e.currentTarget.value)}>
            {spec.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
      );
    case 'bool':
      return (
        <div className="param" title={spec.help}>
          <label className="param-label">
            <input type="checkbox" checked={value as boolean} aria-label={accessibleName(spec)} data-param={spec.name} onChange={(e) => onChange(e.currentTarget.checked)} />{' '}
            {spec.label}
          </label>
        </div>
      );
    case 'list':
      return null; // lists have their own editors (e.g. draggable logits)
  }
}
