// Read-only view of the WGSL behind a panel: the exact source the kernel library compiles (shown as text,
// never parsed as HTML).
// From kernels.ts itself, not the index: the index also exports the TF.js ops, which this page must not load.
import { SHADER_SOURCES } from '../../era/kernels.ts';

export type ShaderName = keyof typeof SHADER_SOURCES;

export function WgslViewer({ shader }: { shader: ShaderName }) {
  const file = `${shader}.wgsl`;
  const source: string | undefined = SHADER_SOURCES[shader];
  return (
    <details className="wgsl" data-testid={`wgsl-${file}`}>
      <summary>
        WGSL source: <code>shaders/{file}</code>
      </summary>
      {source ? (
        <pre className="wgsl-code" tabIndex={0} aria-label={`WGSL source of ${file}`}>
          <code>{source}</code>
        </pre>
      ) : (
        <p className="muted">This build has no {file}.</p>
      )}
    </details>
  );
}
