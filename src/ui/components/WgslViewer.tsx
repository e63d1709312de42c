// Read-only view of the WGSL behind a panel, loaded from shaders/ on demand (the text is never parsed as HTML).
import { useEffect, useState } from 'react';

const sources = import.meta.glob('/shaders/*.wgsl', { query: '?raw', import: 'default' }) as Record<string, (() => Promise<string>) | undefined>;

export function WgslViewer({ file, fallback }: { file: string; fallback: string }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const load = sources[`/shaders/${file}`];
  useEffect(() => {
    if (open && load && text === null) void load().then(setText);
  }, [open, load, text]);
  return (
    <details className="wgsl" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid={`wgsl-${file}`}>
      <summary>
        WGSL source: <code>shaders/{file}</code>
      </summary>
      {load ? (
        <pre className="wgsl-code" tabIndex={0} aria-label={`WGSL source of ${file}`}>
          <code>{text ?? 'loading…'}</code>
        </pre>
      ) : (
        <p className="muted">{fallback}</p>
      )}
    </details>
  );
}
