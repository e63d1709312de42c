// The one lab layout: a title, the toolbar, a compact settings side panel and a large main area whose
// first item is the lab's primary chart (so on a projector Play and the main picture share the first
// view), then the lab's other charts, an "about" text, exports and the performance panel. A lab fills
// the slots; the machinery (settings panel, toolbar, notices, pending-reset bar, errors) is shared.
import type { ReactNode } from 'react';
import type { ParamSpec } from '../state/schema.ts';
import { ClassroomLink } from '../components/ClassroomLink.tsx';
import { NoticeBar } from '../components/NoticeBar.tsx';
import { LessonCaption } from '../lessons/LessonCaption.tsx';
import { PerfPanel } from '../components/PerfPanel.tsx';
import { SettingsPanel } from '../components/SettingsPanel.tsx';
import { Toolbar } from '../components/Toolbar.tsx';
import { specOf } from '../state/schema.ts';
import { shortLabel, type Lab } from './useLab.ts';

export interface LabLayoutProps<Specs extends readonly ParamSpec[], Command, View> {
  lab: Lab<Specs, Command, View>;
  /** Used for test ids and CSS: `<id>-lab`. */
  id: string;
  title: string;
  /** One or two sentences under the title. */
  lede: ReactNode;
  present: boolean;
  /** The main picture; wrapped in `data-testid="primary-chart"`. */
  primary: ReactNode;
  /** Shown between the toolbar and the charts (data notices, downloads). */
  banner?: ReactNode;
  /** Extra buttons for the toolbar row (exports, presets). */
  actions?: ReactNode;
  /** The lab's other charts and panels. */
  children?: ReactNode;
  /** Longer explanations, collapsed under "About this lab". */
  about?: ReactNode;
  /** What one step is, for the step counter. */
  stepUnit?: string;
  /** The toolbar is disabled (e.g. no data yet). */
  disabled?: boolean;
}

export function LabLayout<Specs extends readonly ParamSpec[], Command, View>(props: LabLayoutProps<Specs, Command, View>) {
  const { lab, id, present } = props;
  const { status, backend, perf, error } = lab.worker.state;
  const labelOf = (k: string) => {
    const spec = specOf(lab.schema, k);
    return spec ? shortLabel(spec) : k;
  };
  return (
    <section className={`lab training-lab ${id}-lab`} data-testid={`${id}-lab`}>
      <header className="lab-head">
        <h1>{props.title}</h1>
        <p className="lede">{props.lede}</p>
      </header>
      <NoticeBar notices={lab.notices} onDismiss={lab.dismissNotices} />
      <div className="lab-toolbar-row">
        <Toolbar
          status={status}
          backend={backend}
          onPlay={lab.worker.play}
          onPause={lab.worker.pause}
          onStep={lab.worker.step}
          onReset={lab.reset}
          disabled={props.disabled}
          stepUnit={props.stepUnit}
        />
        {props.actions && <div className="lab-actions">{props.actions}</div>}
      </div>
      {lab.pending.length > 0 && (
        <div className="notice pending-reset" role="status" data-testid="pending-reset">
          <span>
            {lab.pending.map(labelOf).join(', ')} changed: {lab.pending.length === 1 ? 'it needs' : 'they need'} a fresh start. The training goes on with the
            old {lab.pending.length === 1 ? 'value' : 'values'} until you reset.
          </span>{' '}
          <button type="button" onClick={lab.reset} data-testid="apply-reset">
            Reset and apply
          </button>{' '}
          <button type="button" onClick={lab.keepRunning}>
            Keep the running training
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {props.banner}
      <div className="lab-body">
        <aside className="lab-settings" aria-label="Settings">
          <h2 className="visually-hidden">Settings</h2>
          <SettingsPanel schema={lab.schema} state={lab.settings} update={lab.update} present={present} hidden={lab.hidden} showApply pending={lab.pending} />
          {!present && <ClassroomLink path={`/${id}`} schema={lab.schema} state={lab.settings} />}
        </aside>
        <div className="lab-main">
          <LessonCaption lab={id} />
          <div className="primary-chart" data-testid="primary-chart">
            {props.primary}
          </div>
          {props.children}
          {props.about && (
            <details className="about">
              <summary>About this lab</summary>
              {props.about}
            </details>
          )}
          <PerfPanel perf={perf} status={status} backend={backend} />
        </div>
      </div>
    </section>
  );
}
