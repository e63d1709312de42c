// An entropy number line: before and after markers against the target H₀ (and optional floor/band).
export interface Marker {
  label: string;
  value: number;
  kind: 'before' | 'after' | 'target' | 'floor' | 'band-low' | 'band-high';
}

const COLORS: Record<Marker['kind'], string> = {
  before: '#52606d',
  after: '#d9480f',
  target: '#2b8a3e',
  floor: '#5f3dc4',
  'band-low': '#1971c2',
  'band-high': '#1971c2',
};

export function EntropyScale({ markers, max, min = 0, band }: { markers: Marker[]; max: number; min?: number; band?: [number, number] }) {
  const w = 560;
  const pad = 12;
  const lo = Math.min(min, ...markers.map((m) => m.value));
  const hi = Math.max(max, ...markers.map((m) => m.value));
  const x = (v: number) => pad + ((v - lo) / (hi - lo || 1)) * (w - 2 * pad);
  return (
    <svg className="entropy-scale" viewBox={`0 0 ${w} 64`} role="img" aria-label="entropy scale">
      {band && <rect x={x(band[0])} y={18} width={Math.max(0, x(band[1]) - x(band[0]))} height={18} fill="#d0ebff" />}
      <line x1={pad} x2={w - pad} y1={36} y2={36} stroke="#9aa5b1" />
      {markers.map((m, i) => (
        <g key={m.label}>
          <line
            x1={x(m.value)}
            x2={x(m.value)}
            y1={m.kind === 'before' || m.kind === 'after' ? 14 : 8}
            y2={44}
            stroke={COLORS[m.kind]}
            strokeWidth={m.kind === 'after' ? 3 : 2}
            strokeDasharray={m.kind === 'target' || m.kind === 'floor' ? '4 3' : undefined}
          />
          <text x={x(m.value)} y={i % 2 === 0 ? 58 : 10} fontSize={11} textAnchor="middle" fill={COLORS[m.kind]}>
            {m.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
