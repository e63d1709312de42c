// The page's "Get CIFAR-10": downloads the two Parquet files of the Hugging Face dataset uoft-cs/cifar10
// in the worker, with byte counts for a progress bar and an AbortSignal for Cancel. Whole-file GETs only:
// the Hub redirects to its storage host, which answers plain GETs with CORS but not Range requests
// (huggingface/datasets#7931). Nothing here runs before the user has agreed to the download.
import { CIFAR10_PARQUET_BASE, CIFAR10_PARQUET_FILES } from './cifar-parquet.ts';

/**
 * Where the files come from: the Hub, or (tests only) a loopback server named at `vite build` time by
 * VITE_CIFAR10_PARQUET_BASE. Never taken from the page's URL, so a link cannot point the page elsewhere.
 */
export const PARQUET_SOURCE: string = (import.meta.env?.VITE_CIFAR10_PARQUET_BASE as string | undefined) || CIFAR10_PARQUET_BASE;
/** Whether PARQUET_SOURCE is the official dataset (then counts, and the hash once recorded, are required). */
export const PARQUET_SOURCE_IS_OFFICIAL = PARQUET_SOURCE === CIFAR10_PARQUET_BASE;

export class DownloadCancelled extends Error {
  constructor() {
    super('download cancelled');
    this.name = 'DownloadCancelled';
  }
}

async function readBody(response: Response, onChunk: (n: number) => void): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    total += value.length;
    onChunk(value.length);
  }
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/**
 * Fetches both files at once (so both sizes are known from the start) and reports bytes received
 * against the sum of their Content-Length headers (null while one is unknown).
 */
export async function downloadCifarParquet(
  base: string,
  signal: AbortSignal,
  onBytes: (received: number, total: number | null) => void,
): Promise<{ train: Uint8Array; test: Uint8Array }> {
  const urls = { train: new URL(CIFAR10_PARQUET_FILES.train, base).toString(), test: new URL(CIFAR10_PARQUET_FILES.test, base).toString() };
  let received = 0;
  try {
    const responses = await Promise.all([fetch(urls.train, { signal }), fetch(urls.test, { signal })]);
    responses.forEach((r, i) => {
      if (!r.ok) throw new Error(`download failed: HTTP ${r.status} from ${i === 0 ? urls.train : urls.test}`);
    });
    const lengths = responses.map((r) => Number(r.headers.get('content-length')) || 0);
    const total = lengths.every((n) => n > 0) ? lengths[0] + lengths[1] : null;
    onBytes(0, total);
    const count = (n: number) => {
      received += n;
      onBytes(received, total);
    };
    const [train, test] = await Promise.all(responses.map((r) => readBody(r, count)));
    return { train, test };
  } catch (e) {
    if (signal.aborted) throw new DownloadCancelled();
    if (e instanceof TypeError) throw new Error(`download failed: ${e.message} (offline, or the host refused the request)`, { cause: e });
    throw e;
  }
}
