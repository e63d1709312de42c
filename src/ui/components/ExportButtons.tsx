// CSV / JSON / PNG downloads for a chart. Files are made in the page (blob: URLs); nothing is uploaded.
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

/** The chart's own <svg>: the largest one in the box (legend icons are small svgs too). */
function largestSvg(box: HTMLElement | null | undefined): SVGSVGElement | null {
  let best: SVGSVGElement | null = null;
  let bestArea = 0;
  box?.querySelectorAll('svg').forEach((svg) => {
    const r = svg.getBoundingClientRect();
    if (r.width * r.height > bestArea) [best, bestArea] = [svg, r.width * r.height];
  });
  return best;
}

/** Rasterises an <svg> to a PNG (white background, device pixel ratio). */
export async function svgToPng(svg: SVGSVGElement, scale = window.devicePixelRatio || 1): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const text = new XMLSerializer().serializeToString(clone);
  const img = new Image();
  const loaded = new Promise<void>((ok, fail) => {
    img.onload = () => ok();
    img.onerror = () => fail(new Error('could not rasterise the chart'));
  });
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('PNG encoding failed'))), 'image/png'));
}

export function ExportButtons({ name, rows, chart, extra }: { name: string; rows: readonly Record<string, unknown>[]; chart?: RefObject<HTMLElement | null>; extra?: unknown }) {
  const stem = safeFileName(name);
  return (
    <span className="export-buttons">
      <button type="button" onClick={() => downloadBlob(`${stem}.csv`, new Blob([toCsv(rows)], { type: 'text/csv' }))}>
        CSV
      </button>
      <button type="button" onClick={() => downloadBlob(`${stem}.json`, new Blob([toJson(extra === undefined ? rows : { ...(extra as object), rows })], { type: 'application/json' }))}>
        JSON
      </button>
      {chart && (
        <button
          type="button"
          onClick={() => {
            const svg = largestSvg(chart.current);
            if (svg) void svgToPng(svg).then((b) => downloadBlob(`${stem}.png`, b));
          }}
        >
          PNG
        </button>
      )}
    </span>
  );
}
