import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { engineState, loseDeviceForTesting, restartEngine } from './ui/engine/engine.ts';
import './ui/styles.css';

// Demo and test hooks: inspect the engine, or lose the device to watch the page recover.
Object.assign(window, { eraPlayground: { engine: engineState, loseDevice: loseDeviceForTesting } });

if (!window.location.hash) window.history.replaceState(null, '', '#/');
void restartEngine();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
