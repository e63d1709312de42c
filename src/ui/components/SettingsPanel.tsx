// The one settings panel every lab uses, driven by the lab's schema: settings sit in their groups
// (ERA, baselines, optimisation, data; "advanced" collapsed and left out in present mode), each a
// slider + number, a select or a checkbox with its help visible. Settings a `hide=` link names are not
// shown (the lab keeps working with their values).
import { Fragment } from 'react';
import { type ParamSpec, SETTING_GROUPS, type Schema, type SettingGroup, type StateOf } from '../state/schema.ts';
import { ParamControl } from './ParamControl.tsx';

const GROUP_TITLES: Record<SettingGroup, string> = {
  era: 'ERA',
  baselines: 'Runs and baselines',
  optimisation: 'Optimisation',
  data: 'Data and task',
  advanced: 'Advanced',
};

export interface SettingsPanelProps<Specs extends readonly ParamSpec[]> {
  schema: Schema<Specs>;
  state: StateOf<Specs>;
  update: (patch: Partial<StateOf<Specs>>) => void;
  present?: boolean;
  /** Setting keys not to show (a teacher's `hide=` link). */
  hidden?: ReadonlySet<string>;
  /** Only these settings, in this order, without group headings (Explore's panels). */
  only?: readonly string[];
  /** Training labs mark each setting live or reset. */
  showApply?: boolean;
  /** Settings changed while training that wait for a reset. */
  pending?: readonly string[];
  /** Custom handlers for settings whose change must touch others (e.g. D resizes the logits). */
  onChange?: Partial<Record<string, (value: unknown) => void>>;
}

export function SettingsPanel<Specs extends readonly ParamSpec[]>(props: SettingsPanelProps<Specs>) {
  const { schema, state, update, present = false, hidden, only, showApply = false, pending = [], onChange } = props;
  const s = state as Record<string, unknown>;
  const visible = (spec: ParamSpec) =>
    !hidden?.has(spec.name) && !(present && spec.group === 'advanced') && (!spec.when || spec.when(s)) && spec.kind !== 'list';
  const control = (spec: ParamSpec) => (
    <ParamControl
      key={spec.name}
      spec={spec}
      value={s[spec.name]}
      state={s}
      showApply={showApply}
      pending={pending.includes(spec.name)}
      onChange={(v) => (onChange?.[spec.name] ? onChange[spec.name]!(v) : update({ [spec.name]: v } as Partial<StateOf<Specs>>))}
    />
  );

  if (only) {
    const specs = only.map((n) => schema.specs.find((x) => x.name === n)).filter((x): x is Specs[number] => !!x && visible(x));
    return <div className="controls">{specs.map(control)}</div>;
  }
  return (
    <div className="settings-panel" data-testid="settings-panel">
      {SETTING_GROUPS.map((group) => {
        const specs = schema.specs.filter((x) => x.group === group && visible(x));
        if (specs.length === 0) return <Fragment key={group} />;
        const body = <div className="controls">{specs.map(control)}</div>;
        return group === 'advanced' ? (
          <details key={group} className="settings-group" data-group={group}>
            <summary>{GROUP_TITLES[group]}</summary>
            {body}
          </details>
        ) : (
          <fieldset key={group} className="settings-group" data-group={group}>
            <legend>{GROUP_TITLES[group]}</legend>
            {body}
          </fieldset>
        );
      })}
    </div>
  );
}
