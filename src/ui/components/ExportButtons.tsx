// CSV / JSON / PNG downloads for a chart or a lab. Files are made in the page (blob: URLs); nothing is
// uploaded. The PNG is the whole figure (title, legend and plot) rendered by html-to-image.
import type { RefObject } from 'react';
import { toCsv } from '../../util/csv.ts';
import { safeFileName, toJson } from '../export/formats.ts';

/** Saves a blob made in the page under `name` (a blob: URL; nothing is uploaded). */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A PNG of an element as it is drawn (with its title and legend), on white, at the screen's pixel ratio. */
export async function elementToPng(el: HTMLElement): Promise<Blob> {
  // Loaded on first use: the page does not pay for it until someone exports.
  const { toBlob } = await import('html-to-image');
  const blob = await toBlob(el, {
    backgroundColor: '#ffffff',
    pixelRatio: Math.max(1, window.devicePixelRatio || 1),
    filter: (n) => !(n instanceof HTMLElement && n.dataset.exportSkip === '1'),
  });
  if (!blob) throw new Error('PNG encoding failed');
  return blob;
}

export function ExportButtons({
  name,
  rows,
  figure,
  extra,
}: {
  name: string;
  /** The rows, or a function that makes them when a button is pressed (a lab's whole history is not built on every render). */
  rows: readonly object[] | (() => readonly object[]);
  figure?: RefObject<HTMLElement | null>;
  extra?: unknown;
}) {
  const stem = safeFileName(name);
  const rowsNow = () => (typeof rows === 'function' ? rows() : rows);
  return (
    <span className="export-buttons" data-export-skip="1">
      <button type="button" title={`Download ${name} as CSV`} onClick={() => downloadBlob(`${stem}.csv`, new Blob([toCsv(rowsNow())], { type: 'text/csv' }))}>
        CSV
      </button>
      <button
        type="button"
        title={`Download ${name} as JSON`}
        onClick={() =>
          downloadBlob(
            `${stem}.json`,
            new Blob([toJson(extra === undefined ? rowsNow() : { ...(extra as object), rows: rowsNow() })], { type: 'application/json' }),
          )
        }
      >
        JSON
      </button>
      {figure && (
        <button
          type="button"
          title={`Download ${name} as PNG`}
          onClick={() => {
            if (figure.current) void elementToPng(figure.current).then((b) => downloadBlob(`${stem}.png`, b));
          }}
        >
          PNG
        </button>
      )}
    </span>
  );
}
