// TimeChart's canvas layout: round ticks, Recharts-like 'auto' domains that references and the band
// extend, markers outside the x range dropped, and the count of lines that have points.
import { describe, expect, it } from 'vitest';
import { type ChartInput, chartLayout, niceDomain, niceTicks, tickLabels } from '../src/ui/components/canvasChart.ts';

const style = { color: '#000', width: 2 };
const base: ChartInput = {
  rows: [],
  series: [],
  xKey: 'step',
  yDomain: ['auto', 'auto'],
  references: [],
  markers: [],
  width: 400,
  height: 220,
  scale: 1,
  yLabel: false,
};

describe('canvas chart layout', () => {
  it('ticks are round steps inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(1, 7, 4, true)).toEqual([2, 4, 6]);
    expect(niceTicks(2.44, 2.48, 3)).toEqual([2.44, 2.46, 2.48]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(0, 3, 4, true).every(Number.isInteger)).toBe(true);
  });

  it('tick labels have 3 significant digits, more only where two would read alike', () => {
    expect(tickLabels([0, 0.5, 1])).toEqual(['0', '0.5', '1']);
    expect(tickLabels([2.4812, 2.4823])).toEqual(['2.481', '2.482']);
  });

  it("'auto' rounds the data range outwards", () => {
    expect(niceDomain(0.13, 0.92)).toEqual([0, 1]);
    const [lo, hi] = niceDomain(5, 5);
    expect(lo).toBeLessThan(5);
    expect(hi).toBeGreaterThan(5);
  });

  it('the y domain covers lines, bands and references; a fixed domain stays', () => {
    const rows = [
      { step: 0, a: 1, 'a:min': 0.5, 'a:max': 1.5 },
      { step: 10, a: 2, 'a:min': 1.8, 'a:max': 2.2, b: null },
    ];
    const series = [
      { key: 'a', label: 'A', style, band: { low: 'a:min', high: 'a:max' } },
      { key: 'b', label: 'B', style },
    ];
    const l = chartLayout({
      ...base,
      rows,
      series,
      references: [{ y: 3, label: 'H₀' }],
      markers: [
        { x: 5, label: 'in' },
        { x: 50, label: 'out' },
      ],
    });
    expect(l.x).toEqual([0, 10]);
    expect(l.y[0]).toBeLessThanOrEqual(0.5);
    expect(l.y[1]).toBeGreaterThanOrEqual(3);
    expect(l.markers.map((m) => m.label)).toEqual(['in']);
    expect(l.lines).toBe(1);
    expect(l.px(0)).toBe(l.plot.left);
    expect(l.px(10)).toBeCloseTo(l.plot.left + l.plot.width);
    expect(l.py(l.y[0])).toBeCloseTo(l.plot.top + l.plot.height);
    const fixed = chartLayout({ ...base, rows, series, yDomain: [0, 1] });
    expect(fixed.y).toEqual([0, 1]);
  });

  it('an empty chart still has a usable layout', () => {
    const l = chartLayout(base);
    expect(l.lines).toBe(0);
    expect(Number.isFinite(l.px(0)) && Number.isFinite(l.py(0))).toBe(true);
  });
});
