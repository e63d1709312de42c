// Pieces shared by the three explorer panels.
import type { ReactNode } from 'react';
import { ParamControl } from '../../components/ParamControl.tsx';
import type { ParamSpec } from '../../state/schema.ts';
import type { EngineState } from '../../engine/engine.ts';
import { type ExploreState, exploreSchema } from './schema.ts';

export interface PanelProps {
  state: ExploreState;
  update: (patch: Partial<ExploreState>) => void;
  engine: EngineState;
  present: boolean;
}

const specByName = new Map<string, ParamSpec>(exploreSchema.specs.map((s) => [s.name, s]));

/** Controls for the named settings; advanced ones are hidden in present mode. */
export function Controls({
  names,
  state,
  update,
  present,
  onChange,
}: {
  names: (keyof ExploreState)[];
  state: ExploreState;
  update: (patch: Partial<ExploreState>) => void;
  present: boolean;
  /** Custom handlers for settings whose change must touch others (e.g. D resizes the logits). */
  onChange?: Partial<Record<keyof ExploreState, (v: unknown) => void>>;
}) {
  return (
    <div className="controls">
      {names.map((n) => {
        const spec = specByName.get(n)!;
        if (present && spec.advanced) return null;
        return (
          <ParamControl
            key={n}
            spec={spec}
            value={state[n]}
            state={state}
            onChange={(v) => (onChange?.[n] ? onChange[n]!(v) : update({ [n]: v } as Partial<ExploreState>))}
          />
        );
      })}
    </div>
  );
}

export function EngineTag({ engine, kernel }: { engine: EngineState; kernel: string }) {
  return engine.kind === 'webgpu' ? (
    <span className="engine-tag gpu" data-testid="panel-engine" data-engine="webgpu">
      computed on WebGPU ({kernel})
    </span>
  ) : (
    <span className="engine-tag cpu" data-testid="panel-engine" data-engine="cpu-reference">
      computed by the CPU reference (float64) — WebGPU unavailable
    </span>
  );
}

export function Readout({ label, value, testId, note }: { label: ReactNode; value: number | null; testId: string; note?: ReactNode }) {
  return (
    <div className="readout">
      <span className="readout-label">{label}</span>
      <output className="readout-value" data-testid={testId} data-value={value === null ? '' : String(value)}>
        {value === null ? '…' : value.toFixed(4)}
      </output>
      {note && <span className="readout-note">{note}</span>}
    </div>
  );
}

export function Panel({ title, children, testId }: { title: ReactNode; children: ReactNode; testId: string }) {
  return (
    <section className="panel" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
