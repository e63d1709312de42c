// The app shell: header with the compute engine readout, lab navigation, WebGPU status, and the routed view.
import { Suspense, useEffect } from 'react';
import { GpuNotice } from './GpuNotice.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { lessonHash, lessonsOf } from './lessons/lessons.ts';
import { useEngine } from './engine/useEngine.ts';
import { LAB_ROUTES, findRoute } from './routes.tsx';
import { ChartScaleContext, PRESENT_CHART_SCALE } from './components/chartScale.ts';
import { formatHash, isPresentMode } from './state/hash.ts';
import { useHashLocation } from './state/useHashLocation.ts';

function LessonList({ lab }: { lab: string }) {
  const lessons = lessonsOf(lab);
  if (lessons.length === 0) return null;
  return (
    <>
      <h3 className="small">Lessons</h3>
      <ol className="lesson-list" data-testid={`lessons-${lab}`}>
        {lessons.map((l) => (
          <li key={l.id}>
            <a href={lessonHash(l)}>{l.title}</a>
          </li>
        ))}
      </ol>
    </>
  );
}

function Landing() {
  return (
    <div className="landing">
      <h1>ERA Playground</h1>
      <p className="lede">
        ERA — the Entropy Regularizing Activation (Kang et al., 2025) — keeps a policy’s entropy above a target by construction. These labs run it live on your
        own GPU with WebGPU.
      </p>
      <ul className="lab-cards">
        {LAB_ROUTES.map((r) => (
          <li key={r.path}>
            <a href={`#${r.path}`}>
              <strong>{r.title}</strong>
              {!r.component && <span className="soon"> · coming soon</span>}
            </a>
            <p>{r.blurb}</p>
            <LessonList lab={r.path.slice(1)} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function ComingSoon({ title, text }: { title: string; text: string }) {
  return (
    <div className="coming-soon" data-testid="coming-soon">
      <h1>{title} — coming soon</h1>
      <p>{text}</p>
      <p>
        Meanwhile, <a href="#/explore">explore what ERA does</a> live.
      </p>
    </div>
  );
}

function NotFound({ path }: { path: string }) {
  return (
    <div className="coming-soon" data-testid="not-found">
      <h1>No page here</h1>
      <p>
        There is no lab at <code>{path}</code>. <a href="#/">See all labs</a>.
      </p>
    </div>
  );
}

/** Classroom (present) mode in one click: the same link with `present=1` added or removed. */
function PresentToggle({ present }: { present: boolean }) {
  const loc = useHashLocation();
  const params = new URLSearchParams(loc.params);
  if (present) params.delete('present');
  else params.set('present', '1');
  return (
    <a className="present-toggle" href={formatHash(loc.path, params)} aria-pressed={present} role="button" data-testid="present-toggle">
      {present ? 'Leave present mode' : 'Present mode'}
    </a>
  );
}

export function App() {
  const loc = useHashLocation();
  const engine = useEngine();
  const present = isPresentMode(loc.params);
  const route = findRoute(loc.path);

  useEffect(() => {
    document.title = route ? `${route.title} — ERA Playground` : 'ERA Playground — entropy regularization, live on your GPU';
  }, [route]);

  let view;
  if (loc.path === '/') view = <Landing />;
  else if (!route) view = <NotFound path={loc.path} />;
  else if (!route.component) view = <ComingSoon title={route.title} text={route.coming ?? ''} />;
  else {
    const Lab = route.component;
    view = (
      <Suspense fallback={<p className="muted">Loading the {route.title} lab…</p>}>
        {/* Inside Suspense: present only once the lab's code has loaded (tests wait for it). */}
        <div className="lab-view" data-testid="lab-view" data-route={route.path}>
          <ErrorBoundary key={route.path} what={`the ${route.title} lab`}>
            <Lab present={present} />
          </ErrorBoundary>
        </div>
      </Suspense>
    );
  }

  return (
    <div className={present ? 'app present' : 'app'} data-present={present ? '1' : '0'}>
      <header className="app-header">
        <a className="brand" href="#/">
          ERA Playground
        </a>
        <nav aria-label="Labs">
          {LAB_ROUTES.map((r) => (
            <a key={r.path} href={`#${r.path}${present ? '?present=1' : ''}`} aria-current={r.path === loc.path ? 'page' : undefined}>
              {r.title}
            </a>
          ))}
        </nav>
        <PresentToggle present={present} />
        <span
          className="engine-readout"
          data-testid="engine-readout"
          data-engine={engine.kind}
          data-phase={engine.phase}
          data-recoveries={engine.recoveries}
          title="The compute engine in use"
        >
          {engine.phase === 'starting' ? 'starting…' : engine.description}
        </span>
      </header>
      <GpuNotice engine={engine} />
      <ChartScaleContext.Provider value={present ? PRESENT_CHART_SCALE : 1}>
        <main>{view}</main>
      </ChartScaleContext.Provider>
      <footer className="muted small">
        ERA: Kang, Liao, Xu, Xu — <cite>Entropy Regularizing Activation</cite>, arXiv 2510.08549 (2025). Everything runs in this tab.
      </footer>
    </div>
  );
}
