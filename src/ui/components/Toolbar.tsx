// Play / pause / step / reset for a lab's trainer. Keyboard: the buttons are native buttons; the status
// line is a live region so screen readers hear "running" / "paused".
export interface ToolbarProps {
  running: boolean;
  onPlay: () => void;
  onPause: () => void;
  onStep?: () => void;
  onReset: () => void;
  /** E.g. "step 120 · 35 steps/s". */
  status?: string;
  disabled?: boolean;
}

export function Toolbar({ running, onPlay, onPause, onStep, onReset, status, disabled = false }: ToolbarProps) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Training controls">
      {running ? (
        <button type="button" onClick={onPause} disabled={disabled}>
          ⏸ Pause
        </button>
      ) : (
        <button type="button" onClick={onPlay} disabled={disabled}>
          ▶ Play
        </button>
      )}
      {onStep && (
        <button type="button" onClick={onStep} disabled={disabled || running}>
          ⏭ Step
        </button>
      )}
      <button type="button" onClick={onReset} disabled={disabled}>
        ↺ Reset
      </button>
      {status !== undefined && (
        <span className="toolbar-status" aria-live="polite" data-testid="toolbar-status">
          {status}
        </span>
      )}
    </div>
  );
}
