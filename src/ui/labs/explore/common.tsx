// Pieces shared by the three explorer panels.
import type { ReactNode } from 'react';
import { SettingsPanel } from '../../components/SettingsPanel.tsx';
import { useHiddenKeys } from '../../state/useShell.ts';
import type { EngineState } from '../../engine/engine.ts';
import { type ExploreState, exploreSchema } from './schema.ts';

export interface PanelProps {
  state: ExploreState;
  update: (patch: Partial<ExploreState>) => void;
  engine: EngineState;
  present: boolean;
}

/** Controls for the named settings (the shared settings panel, without group headings). */
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
  return <SettingsPanel schema={exploreSchema} state={state} update={update} present={present} only={names} onChange={onChange} hidden={useHiddenKeys()} />;
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
