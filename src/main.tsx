import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';

// Placeholder shell; the app shell (issue 3) replaces this. Until it lands, `#/control` mounts the
// Control lab directly (the shell registers it in src/ui/routes.tsx instead).
const ControlLab = lazy(() => import('./ui/labs/control/ControlLab.tsx'));
const onControl = window.location.hash.startsWith('#/control');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <h1>ERA Playground</h1>
    {onControl ? (
      <Suspense fallback={<p>Loading the Control lab…</p>}>
        <ControlLab />
      </Suspense>
    ) : (
      <a href="#/control" onClick={() => setTimeout(() => window.location.reload(), 0)}>
        Control lab
      </a>
    )}
  </StrictMode>,
);
