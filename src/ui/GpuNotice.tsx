// Explains why WebGPU is not in use, what enables it, and offers a retry.
import type { EngineState } from './engine/engine.ts';
import { restartEngine } from './engine/engine.ts';

const WHY: Record<NonNullable<EngineState['problem']>, { title: string; body: string }> = {
  'no-navigator-gpu': {
    title: 'This browser does not offer WebGPU',
    body: 'navigator.gpu is missing. WebGPU ships in Chrome and Edge 113+ (Windows, macOS, ChromeOS; Android 121+), Safari 26+, and Firefox 141+ on Windows. On Linux, Chrome needs chrome://flags/#enable-unsafe-webgpu (and often #enable-vulkan); in Firefox elsewhere set dom.webgpu.enabled in about:config. WebGPU also needs a secure page: https:// or http://localhost.',
  },
  'no-adapter': {
    title: 'WebGPU is present, but no GPU adapter was offered',
    body: 'The browser may have blocklisted this GPU or driver. Update the graphics driver, check chrome://gpu for “WebGPU: Hardware accelerated”, or enable chrome://flags/#enable-unsafe-webgpu to bypass the blocklist.',
  },
  'device-failed': {
    title: 'The GPU refused to create a device',
    body: 'The adapter was found but would not start. Closing other GPU-heavy tabs or restarting the browser usually helps.',
  },
  'device-lost': {
    title: 'The GPU device was lost',
    body: 'The driver reset or the GPU was reclaimed, and a new device could not be created.',
  },
};

export function GpuNotice({ engine }: { engine: EngineState }) {
  if (engine.phase === 'recovering') {
    return (
      <div className="gpu-notice recovering" role="status" data-testid="gpu-recovering">
        The GPU device was lost; creating a new one. Your settings are kept.
      </div>
    );
  }
  if (!engine.problem) return null;
  const why = WHY[engine.problem];
  return (
    <div className="gpu-notice" role="alert" data-testid="gpu-notice" data-problem={engine.problem}>
      <strong>{why.title}.</strong> <span>{why.body}</span> <span>Until then the explorer computes with the CPU reference (float64), labelled as such.</span>
      {engine.detail && <div className="muted small">Detail: {engine.detail}</div>}
      <button type="button" onClick={() => void restartEngine()}>
        Retry WebGPU
      </button>
    </div>
  );
}
