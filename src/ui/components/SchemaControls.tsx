// Every control of a lab schema (or the named subset), in schema order. Advanced settings are hidden in
// present mode; list settings have their own editors and are skipped.
import type { ParamSpec, Schema, StateOf } from '../state/schema.ts';
import { ParamControl } from './ParamControl.tsx';

export function SchemaControls<Specs extends readonly ParamSpec[]>({
  schema,
  state,
  update,
  present = false,
  only,
  disabled = false,
}: {
  schema: Schema<Specs>;
  state: StateOf<Specs>;
  update: (patch: Partial<StateOf<Specs>>) => void;
  present?: boolean;
  /** Show only these settings (default: all). */
  only?: readonly string[];
  /** E.g. while training: settings that need a reset are locked. */
  disabled?: boolean;
}) {
  const s = state as Record<string, unknown>;
  const specs = only ? only.map((n) => schema.specs.find((x) => x.name === n)!).filter(Boolean) : schema.specs;
  return (
    <fieldset className="controls" disabled={disabled}>
      {specs.map((spec) =>
        present && spec.advanced ? null : (
          <ParamControl
            key={spec.name}
            spec={spec}
            value={s[spec.name]}
            state={s}
            onChange={(v) => update({ [spec.name]: v } as Partial<StateOf<Specs>>)}
          />
        ),
      )}
    </fieldset>
  );
}
