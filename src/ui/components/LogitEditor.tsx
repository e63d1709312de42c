// Draggable bars for a list of numbers (logits, σ̂). Each bar is also an ARIA slider (arrow keys ±step).
import { useRef } from 'react';

interface Props {
  values: readonly number[];
  min: number;
  max: number;
  onChange: (values: number[]) => void;
  /** Name of one entry for assistive tech, e.g. (i) => `logit z${i}`. */
  name: (i: number) => string;
  /** What the entries are, shown above the bars. */
  caption: string;
  /** Only the first `limit` entries are editable here (D can be 1000). */
  limit?: number;
  step?: number;
}

const H = 120;

export function LogitEditor({ values, min, max, onChange, name, caption, limit = 24, step = 0.25 }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const dragging = useRef<number | null>(null);
  const n = Math.min(values.length, limit);
  const w = Math.max(240, n * 22);
  const bw = w / n;
  const y = (v: number) => H - ((v - min) / (max - min)) * H;
  const zeroY = y(Math.min(max, Math.max(min, 0)));
  // Entries beyond the drawn range (a one-hot logit of 20) are drawn at the edge.
  const clampView = (v: number) => Math.min(max, Math.max(min, v));
  const round = (v: number) => Math.round(Math.min(max, Math.max(min, v)) * 100) / 100;

  const setAt = (i: number, v: number) => {
    const next = values.slice();
    next[i] = round(v);
    onChange(next);
  };
  const valueAt = (clientY: number) => {
    const r = svg.current!.getBoundingClientRect();
    const frac = (clientY - r.top) / r.height;
    return max - frac * (max - min);
  };

  return (
    <div className="logit-editor">
      <div className="small muted">
        {caption} — drag a bar, or focus it and use the arrow keys (shown from {min} to {max})
      </div>
      <svg
        ref={svg}
        viewBox={`0 0 ${w} ${H}`}
        preserveAspectRatio="none"
        onPointerMove={(e) => dragging.current !== null && setAt(dragging.current, valueAt(e.clientY))}
        onPointerUp={() => (dragging.current = null)}
        onPointerLeave={() => (dragging.current = null)}
      >
        <line x1={0} x2={w} y1={zeroY} y2={zeroY} stroke="#9aa5b1" />
        {values.slice(0, n).map((v, i) => (
          <rect
            key={i}
            x={i * bw + 2}
            width={bw - 4}
            y={Math.min(y(clampView(v)), zeroY)}
            height={Math.max(1, Math.abs(y(clampView(v)) - zeroY))}
            className="logit-bar"
            role="slider"
            tabIndex={0}
            aria-label={name(i)}
            aria-valuemin={min}
            aria-valuemax={max}
            aria-valuenow={v}
            aria-valuetext={v.toFixed(2)}
            onPointerDown={(e) => {
              dragging.current = i;
              (e.currentTarget.ownerSVGElement as SVGSVGElement).setPointerCapture?.(e.pointerId);
              setAt(i, valueAt(e.clientY));
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowUp' || e.key === 'ArrowRight') setAt(i, v + step);
              else if (e.key === 'ArrowDown' || e.key === 'ArrowLeft') setAt(i, v - step);
              else return;
              e.preventDefault();
            }}
          >
            <title>{`${name(i)} = ${v.toFixed(2)}`}</title>
          </rect>
        ))}
      </svg>
      {values.length > n && (
        <p className="muted small">
          Drag to edit the first {n} of {values.length} values; use the buttons for the rest.
        </p>
      )}
    </div>
  );
}
