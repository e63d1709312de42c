// Node ESM hooks for the CLI (tsx handles TypeScript): `*.wgsl?raw` imports return the file's text,
// as Vite does for the page and the tests.
import { readFile } from 'node:fs/promises';

export async function load(url, context, nextLoad) {
  if (url.includes('.wgsl?raw') || url.endsWith('.wgsl')) {
    const fileUrl = new URL(url.replace(/\?raw$/, ''));
    const text = await readFile(fileUrl, 'utf8');
    return { format: 'module', shortCircuit: true, source: `export default ${JSON.stringify(text)};` };
  }
  return nextLoad(url, context);
}
