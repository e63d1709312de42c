// The performance panel every training lab shows: throughput, time per step, the GPU time of each ERA
// kernel per step (timestamp queries; marked unavailable without them), and the adapter in use.
// The figures come from the lab's worker (src/perf/step-profile.ts), never measured on the UI thread.
export interface PerfFigures {
  /** e.g. { unit: 'images/s', value: 812 } or { unit: 'steps/s', value: 35 }. */
  throughput: { unit: string; value: number | null };
  stepMs: number | null;
  /** Total GPU time of a profiled step, null without timestamp queries. */
  gpuMs: number | null;
  /** GPU time per ERA kernel in a profiled step, null without timestamp queries. */
  eraKernels: Array<{ name: string; ms: number }> | null;
}

const fmt = (v: number | null, digits: number, unit = '') => (v === null || !Number.isFinite(v) ? '—' : `${v.toFixed(digits)}${unit}`);

export function PerfPanel({ figures, adapter }: { figures: PerfFigures; adapter: string }) {
  const era = figures.eraKernels;
  const eraTotal = era ? era.reduce((s, k) => s + k.ms, 0) : null;
  return (
    <section className="panel perf-panel" aria-label="Performance">
      <h2>Performance</h2>
      <div className="readouts">
        <div className="readout">
          <span className="readout-label">{figures.throughput.unit}</span>
          <span className="readout-value" data-testid="perf-throughput">{fmt(figures.throughput.value, 0)}</span>
        </div>
        <div className="readout">
          <span className="readout-label">time per step</span>
          <span className="readout-value" data-testid="perf-step-ms">{fmt(figures.stepMs, 1, ' ms')}</span>
        </div>
        <div className="readout">
          <span className="readout-label">ERA kernels / GPU time per step</span>
          <span className="readout-value" data-testid="perf-era-gpu">
            {era === null ? 'unavailable' : `${fmt(eraTotal, 3, ' ms')} / ${fmt(figures.gpuMs, 2, ' ms')}`}
          </span>
          <span className="readout-note">
            {era === null ? 'this adapter has no GPU timestamp queries' : eraTotal !== null && figures.gpuMs ? `ERA is ${((100 * eraTotal) / figures.gpuMs).toFixed(1)}% of the step's GPU time` : ''}
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
      <p className="muted small">Adapter: {adapter}</p>
    </section>
  );
}
