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

/** Where the panel's numbers came from: our WGSL kernels, TF.js ops on WebGPU, or the CPU reference. */
export function EngineTag({ engine, kernel, dispatches }: { engine: EngineState; kernel: string; dispatches: number | null }) {
  if (engine.kind !== 'webgpu') {
    return (
      <span className="engine-tag cpu" data-testid="panel-engine" data-engine="cpu-reference" data-dispatches="0">
        computed by the CPU reference (float64) — WebGPU unavailable
      </span>
    );
  }
  return (
    <span className="engine-tag gpu" data-testid="panel-engine" data-engine="webgpu" data-dispatches={dispatches ?? ''}>
      {dispatches === null
        ? 'computing on WebGPU…'
        : dispatches > 0
          ? `computed on WebGPU by ${kernel}.wgsl (${dispatches} dispatch${dispatches === 1 ? '' : 'es'})`
          : 'computed on WebGPU by TF.js ops (ERA kernels unavailable)'}
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
