// The performance panel every training lab shows, from the worker's own measurements: throughput, wall
// time per step, the GPU time of each ERA kernel in one step (timestamp queries; "unavailable" without
// them) and, only where the lab measured a whole step's GPU time, ERA's share of it.
import type { LabStatus, PerfReport } from '../../lab/protocol.ts';

/** A figure with `digits` decimals, or a dash when there is none yet. */
const fmt = (v: number | null | undefined, digits: number, unit = '') =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(digits)}${unit}`;

export function PerfPanel({ perf, status, backend }: { perf: PerfReport | null; status: LabStatus; backend: string | null }) {
  const era = perf?.eraKernels ?? null;
  const eraTotal = era ? era.reduce((s, k) => s + k.ms, 0) : null;
  const share = eraTotal !== null && perf?.stepGpuMs ? (100 * eraTotal) / perf.stepGpuMs : null;
  return (
    <details className="panel perf-panel" aria-label="Performance">
      <summary>Performance</summary>
      <div className="readouts">
        <div className="readout">
          <span className="readout-label">{status.rateUnit || 'throughput'}</span>
          <span className="readout-value" data-testid="perf-throughput">
            {/* Below 1 two significant digits, so a slow lab never reads 0 while it trains. */}
            {status.rate !== null && status.rate < 1 ? status.rate.toPrecision(2) : fmt(status.rate, 0)}
          </span>
        </div>
        <div className="readout">
          <span className="readout-label">wall time per step</span>
          <span className="readout-value" data-testid="perf-step-ms">
            {fmt(perf?.stepMs, 1, ' ms')}
          </span>
        </div>
        <div className="readout">
          <span className="readout-label">ERA kernels / GPU time of a step’s forward + backward</span>
          <span className="readout-value" data-testid="perf-era-gpu">
            {era === null ? 'unavailable' : `${fmt(eraTotal, 3, ' ms')} / ${fmt(perf?.stepGpuMs, 2, ' ms')}`}
          </span>
          <span className="readout-note">
            {era === null
              ? 'this adapter has no GPU timestamp queries'
              : share !== null
                ? `ERA is ${share.toFixed(1)}% of the step's GPU time`
                : 'this backend gives no step GPU time'}
          </span>
        </div>
      </div>
      {era && era.length > 0 && (
        <table className="perf-kernels small">
          <thead>
            <tr>
              <th scope="col">ERA kernel</th>
              <th scope="col">GPU ms per step</th>
            </tr>
          </thead>
          <tbody>
            {era.map((k) => (
              <tr key={k.name}>
                <td>
                  <code>{k.name}</code>
                </td>
                <td>{k.ms.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">Adapter: {perf?.adapter ?? backend ?? 'starting…'}</p>
    </details>
  );
}
