import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// Placeholder shell; the app shell (issue 3) replaces this.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <h1>ERA Playground</h1>
  </StrictMode>,
);
