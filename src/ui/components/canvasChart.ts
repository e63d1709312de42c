// The drawing behind TimeChart: the axes' domains and ticks, the pixel scales, and one canvas pass
// that draws grid, shaded band, references, markers, min–max bands and lines (Recharts re-rendered its
// SVG in 40–100 ms per update on a CPU-bound page while a lab trained). Pure apart from `drawChart`,
// which only touches the canvas it is given.
import type { ChartMarker, ChartReference, ChartRow, ChartSeries } from './TimeChart.tsx';

export type DomainSpec = readonly [number | 'auto', number | 'auto'];

/** The smallest of 1, 2, 2.5, 5, 10 × 10ⁿ that is at least `raw` (rounding error forgiven); also BeforeAfterBars' step. */
export function niceStep(raw: number): number {
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * mag;
}

/** Round steps of 1, 2, 2.5 or 5 × 10ⁿ covering [lo, hi] with about `count` ticks. */
export function niceTicks(lo: number, hi: number, count = 5, integers = false): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) return [lo];
  let step = niceStep((hi - lo) / Math.max(1, count - 1));
  if (integers) step = Math.max(1, Math.ceil(step));
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9) * step;
  for (let v = first; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

/** Extends [lo, hi] outwards to round tick values (what Recharts' 'auto' domain did). */
export function niceDomain(lo: number, hi: number, count = 5): [number, number] {
  if (hi === lo) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    return [lo - pad, hi + pad];
  }
  const step = niceStep((hi - lo) / Math.max(1, count - 1));
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

export interface ChartInput {
  rows: readonly ChartRow[];
  series: readonly ChartSeries[];
  xKey: string;
  /** A fixed x range (default: the data's first to last x). */
  xDomain?: readonly [number, number];
  /** Whole-number x ticks only (steps); false for fractional axes (confidence, entropy). */
  xIntegers?: boolean;
  /** Draw the series as grouped bars from 0 instead of lines (a histogram). */
  bars?: boolean;
  yDomain: DomainSpec;
  references: readonly ChartReference[];
  band?: { from: number; to: number; label: string };
  markers: readonly ChartMarker[];
  width: number;
  height: number;
  scale: number;
  yLabel: boolean;
}

export interface ChartLayout {
  plot: { left: number; top: number; width: number; height: number };
  x: [number, number];
  y: [number, number];
  xTicks: number[];
  yTicks: number[];
  px: (x: number) => number;
  py: (y: number) => number;
  /** The markers inside the x domain (others are not drawn, as Recharts discarded them). */
  markers: ChartMarker[];
  fontSize: number;
  /** Series lines that have at least one finite point. */
  lines: number;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function chartLayout(c: ChartInput): ChartLayout {
  const fontSize = Math.round(12 * c.scale);
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  const keys = c.series.flatMap((s) => (s.band ? [s.key, s.band.low, s.band.high] : [s.key]));
  const drawn = new Set<string>();
  for (const r of c.rows) {
    const x = r[c.xKey];
    if (!finite(x)) continue;
    if (x < xMin) xMin = x;
    if (x > xMax) xMax = x;
    for (const k of keys) {
      const v = r[k];
      if (!finite(v)) continue;
      if (v < yMin) yMin = v;
      if (v > yMax) yMax = v;
    }
    for (const s of c.series) if (!drawn.has(s.key) && finite(r[s.key])) drawn.add(s.key);
  }
  const lines = drawn.size;
  // References and the shaded band extend the domain (Recharts' ifOverflow="extendDomain").
  for (const r of c.references) {
    yMin = Math.min(yMin, r.y);
    yMax = Math.max(yMax, r.y);
  }
  if (c.band) {
    yMin = Math.min(yMin, c.band.from, c.band.to);
    yMax = Math.max(yMax, c.band.from, c.band.to);
  }
  if (c.bars && Number.isFinite(yMin)) [yMin, yMax] = [Math.min(0, yMin), Math.max(0, yMax)];
  if (c.xDomain) [xMin, xMax] = c.xDomain;
  if (!Number.isFinite(xMin)) [xMin, xMax] = [0, 1];
  if (xMin === xMax) [xMin, xMax] = [xMin - 1, xMax + 1];
  if (!Number.isFinite(yMin)) [yMin, yMax] = [0, 1];
  const autoY = niceDomain(yMin, yMax);
  const y: [number, number] = [c.yDomain[0] === 'auto' ? autoY[0] : c.yDomain[0], c.yDomain[1] === 'auto' ? autoY[1] : c.yDomain[1]];
  if (y[1] === y[0]) y[1] = y[0] + 1;
  const left = Math.round(52 * c.scale) + (c.yLabel ? fontSize + 4 : 0);
  const top = 8 + Math.round(fontSize * 0.5);
  const bottom = Math.round(fontSize * 1.8);
  const right = 16;
  const plot = { left, top, width: Math.max(10, c.width - left - right), height: Math.max(10, c.height - top - bottom) };
  const px = (x: number) => plot.left + ((x - xMin) / (xMax - xMin)) * plot.width;
  const py = (v: number) => plot.top + (1 - (v - y[0]) / (y[1] - y[0])) * plot.height;
  const xTicks = niceTicks(xMin, xMax, Math.max(2, Math.min(7, Math.floor(plot.width / (fontSize * 6)))), c.xIntegers !== false).filter(
    (t) => t >= xMin && t <= xMax,
  );
  const yTicks = niceTicks(y[0], y[1], Math.max(2, Math.min(6, Math.floor(plot.height / (fontSize * 3))))).filter(
    (t) => t >= y[0] - 1e-12 && t <= y[1] + 1e-12,
  );
  return {
    plot,
    x: [xMin, xMax],
    y,
    xTicks,
    yTicks,
    px,
    py,
    markers: c.markers.filter((m) => m.x >= xMin && m.x <= xMax),
    fontSize,
    lines,
  };
}

/** Axis numbers with at most 3 significant digits (2.48115 → 2.48). */
export const formatTick = (v: number) => String(+v.toPrecision(3));

/** Labels for a row of ticks: 3 significant digits, more where that would print two ticks alike (2.281, 2.283). */
export function tickLabels(ticks: readonly number[]): string[] {
  for (let p = 3; p < 12; p++) {
    const labels = ticks.map((t) => String(+t.toPrecision(p)));
    if (new Set(labels).size === labels.length) return labels;
  }
  return ticks.map(String);
}

const dashOf = (dash: string | undefined, k: number) => (dash ? dash.split(/[ ,]+/).map((d) => Number(d) * k) : []);

/** Grouped bars: per row one bar per series side by side, 80 % of the space between neighbouring rows. */
function drawBars(ctx: CanvasRenderingContext2D, c: ChartInput, l: ChartLayout): void {
  const xs = c.rows.map((r) => r[c.xKey]).filter(finite);
  let gap = l.plot.width / Math.max(1, xs.length);
  for (let i = 1; i < xs.length; i++) gap = Math.min(gap, Math.abs(l.px(xs[i]) - l.px(xs[i - 1])));
  const each = (0.8 * gap) / Math.max(1, c.series.length);
  const base = l.py(Math.min(Math.max(0, l.y[0]), l.y[1]));
  c.series.forEach((s, k) => {
    ctx.fillStyle = s.style.color;
    for (const r of c.rows) {
      const x = r[c.xKey];
      const v = r[s.key];
      if (!finite(x) || !finite(v)) continue;
      const left = l.px(x) - 0.4 * gap + k * each;
      const top = l.py(v);
      ctx.fillRect(left, Math.min(top, base), Math.max(1, each - 1), Math.abs(base - top));
    }
  });
}

export interface DrawColors {
  ink: string;
  muted: string;
  grid: string;
  target: string;
}

/** Draws the whole chart into `ctx` (CSS pixels; the caller has scaled for the device pixel ratio). */
export function drawChart(ctx: CanvasRenderingContext2D, c: ChartInput, l: ChartLayout, colors: DrawColors): void {
  const { plot, px, py } = l;
  ctx.clearRect(0, 0, c.width, c.height);
  ctx.font = `${l.fontSize}px system-ui, sans-serif`;
  ctx.lineCap = 'butt';

  // Grid.
  ctx.strokeStyle = colors.grid;
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  for (const t of l.yTicks) {
    const yy = Math.round(py(t)) + 0.5;
    ctx.moveTo(plot.left, yy);
    ctx.lineTo(plot.left + plot.width, yy);
  }
  for (const t of l.xTicks) {
    const xx = Math.round(px(t)) + 0.5;
    ctx.moveTo(xx, plot.top);
    ctx.lineTo(xx, plot.top + plot.height);
  }
  ctx.stroke();
  ctx.setLineDash([]);

  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();

  // The shaded band, e.g. [ω_low, ω_high].
  if (c.band) {
    ctx.fillStyle = colors.target;
    ctx.globalAlpha = 0.1;
    const y1 = py(Math.max(c.band.from, c.band.to));
    const y2 = py(Math.min(c.band.from, c.band.to));
    ctx.fillRect(plot.left, y1, plot.width, y2 - y1);
    ctx.globalAlpha = 1;
  }

  // Min–max bands behind the lines.
  for (const s of c.series) {
    if (!s.band) continue;
    const upper: Array<[number, number]> = [];
    const lower: Array<[number, number]> = [];
    for (const r of c.rows) {
      const x = r[c.xKey];
      const lo = r[s.band.low];
      const hi = r[s.band.high];
      if (!finite(x) || !finite(lo) || !finite(hi)) continue;
      upper.push([px(x), py(hi)]);
      lower.push([px(x), py(lo)]);
    }
    if (upper.length < 2) continue;
    ctx.beginPath();
    upper.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    for (let i = lower.length - 1; i >= 0; i--) ctx.lineTo(lower[i][0], lower[i][1]);
    ctx.closePath();
    ctx.fillStyle = s.style.color;
    ctx.globalAlpha = 0.18;
    ctx.fill();
    ctx.globalAlpha = 1;
  }

  // Horizontal references (H₀, a target).
  for (const r of c.references) {
    ctx.strokeStyle = r.color ?? colors.target;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(plot.left, py(r.y));
    ctx.lineTo(plot.left + plot.width, py(r.y));
    ctx.stroke();
  }

  // Vertical markers (a live change, a divergence).
  for (const m of l.markers) {
    ctx.strokeStyle = m.color ?? colors.muted;
    ctx.lineWidth = 1;
    ctx.setLineDash([2, 2]);
    ctx.beginPath();
    const xx = Math.round(px(m.x)) + 0.5;
    ctx.moveTo(xx, plot.top);
    ctx.lineTo(xx, plot.top + plot.height);
    ctx.stroke();
  }

  if (c.bars) drawBars(ctx, c, l);

  // The lines (nulls are bridged, as Recharts' connectNulls did). Dashed lines go on top of solid
  // ones: where two runs coincide (GRPO and GRPO+ERA before ERA acts), both stay visible.
  const lineScale = c.scale > 1 ? 1.4 : 1;
  const lineOrder = [...c.series].sort((a, b) => Number(!!a.style.dash) - Number(!!b.style.dash));
  for (const s of c.bars ? [] : lineOrder) {
    ctx.strokeStyle = s.style.color;
    ctx.lineWidth = s.style.width * lineScale;
    ctx.globalAlpha = s.legend === false ? 0.55 : 1;
    ctx.setLineDash(dashOf(s.style.dash, 1));
    ctx.lineJoin = 'round';
    ctx.beginPath();
    let n = 0;
    for (const r of c.rows) {
      const x = r[c.xKey];
      const v = r[s.key];
      if (!finite(x) || !finite(v)) continue;
      if (n++) ctx.lineTo(px(x), py(v));
      else ctx.moveTo(px(x), py(v));
    }
    if (n === 1) {
      // A single point: a dot, so a first value is visible.
      const r = c.rows.find((row) => finite(row[c.xKey]) && finite(row[s.key]))!;
      ctx.arc(px(r[c.xKey] as number), py(r[s.key] as number), ctx.lineWidth, 0, 2 * Math.PI);
      ctx.fillStyle = s.style.color;
      ctx.fill();
    } else ctx.stroke();
    ctx.globalAlpha = 1;
  }
  ctx.setLineDash([]);
  ctx.restore();

  // Axes and tick labels.
  ctx.strokeStyle = colors.muted;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(plot.left - 0.5, plot.top);
  ctx.lineTo(plot.left - 0.5, plot.top + plot.height + 0.5);
  ctx.lineTo(plot.left + plot.width, plot.top + plot.height + 0.5);
  ctx.stroke();
  ctx.fillStyle = colors.ink;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const yLabels = tickLabels(l.yTicks);
  l.yTicks.forEach((t, i) => ctx.fillText(yLabels[i], plot.left - 6, py(t)));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const xLabels = tickLabels(l.xTicks);
  for (const [i, t] of l.xTicks.entries()) {
    // Kept inside the canvas: the last label of a wide axis ("1000") would be cut at the right edge.
    const text = xLabels[i];
    const half = ctx.measureText(text).width / 2;
    ctx.fillText(text, Math.min(Math.max(px(t), half), c.width - half - 1), plot.top + plot.height + 5);
  }
}
