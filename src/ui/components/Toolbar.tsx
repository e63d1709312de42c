// Play / pause / step / reset for a lab's training, the step counter, the throughput and, with a step
// budget, a progress bar. Keyboard: Space, S and R do the same (see useLabKeys); the buttons are native
// buttons. Only the running/paused state is announced to screen readers, never the counters (which
// change several times a second).
import type { LabStatus } from '../../lab/protocol.ts';

export interface ToolbarProps {
  status: LabStatus;
  backend: string | null;
  onPlay: () => void;
  onPause: () => void;
  onStep: () => void;
  onReset: () => void;
  /** E.g. the data is not loaded yet. */
  disabled?: boolean;
  /** What one step is, for the counter's label (e.g. "environment steps", "GRPO steps"). */
  stepUnit?: string;
}

const fmtRate = (v: number | null) => (v === null ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toPrecision(2));

export function Toolbar({ status, backend, onPlay, onPause, onStep, onReset, disabled = false, stepUnit = 'steps' }: ToolbarProps) {
  const { running, step, totalSteps, finished } = status;
  return (
    <div className="toolbar" role="toolbar" aria-label="Training controls">
      {running ? (
        <button type="button" className="primary" onClick={onPause} disabled={disabled} data-testid="play" aria-keyshortcuts="Space">
          ❚❚ Pause
        </button>
      ) : (
        <button type="button" className="primary" onClick={onPlay} disabled={disabled || finished} data-testid="play" aria-keyshortcuts="Space">
          ▶ Play
        </button>
      )}
      <button type="button" onClick={onStep} disabled={disabled || running || finished} data-testid="step" aria-keyshortcuts="S">
        Step
      </button>
      <button type="button" onClick={onReset} disabled={disabled} data-testid="reset" aria-keyshortcuts="R">
        Reset
      </button>
      <span className="step-counter">
        {stepUnit}{' '}
        <span className="step-count" data-testid="step-count">
          {step}
        </span>
        {totalSteps !== null && <span className="muted"> / {totalSteps}</span>}
      </span>
      {totalSteps !== null && (
        <progress
          className="budget"
          data-testid="budget-progress"
          max={totalSteps}
          value={Math.min(step, totalSteps)}
          aria-label={`${step} of ${totalSteps} ${stepUnit}`}
        />
      )}
      <span className="toolbar-status" data-testid="toolbar-status">
        {backend ?? 'starting…'} · {fmtRate(status.rate)} {status.rateUnit}
      </span>
      <span className="visually-hidden" aria-live="polite">
        {finished ? 'Training finished' : running ? 'Training running' : 'Training paused'}
      </span>
      <span className="key-hint muted" aria-hidden="true">
        Space play/pause · S step · R reset
      </span>
    </div>
  );
}
