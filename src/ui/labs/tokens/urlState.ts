// The lab's settings in the URL hash (`#/tokens?seed=3&k=2`), so a pasted link reproduces the page.
import { DEFAULT_SETTINGS, TOKENS_PARAMS, type TokensSettings, normaliseSettings } from '../../../tokens/config.ts';

function splitHash(hash: string): { path: string; params: URLSearchParams } {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = body.indexOf('?');
  return { path: q >= 0 ? body.slice(0, q) : body, params: new URLSearchParams(q >= 0 ? body.slice(q + 1) : '') };
}

export function settingsFromHash(hash: string): TokensSettings {
  const { params } = splitHash(hash);
  const raw: Record<string, string> = {};
  for (const p of TOKENS_PARAMS) {
    const v = params.get(p.key);
    if (v !== null) raw[p.key] = v;
  }
  return normaliseSettings(raw);
}

/** The hash with the lab's keys rewritten (only those that differ from the defaults); other keys kept. */
export function hashWithSettings(hash: string, s: TokensSettings): string {
  const { path, params } = splitHash(hash);
  for (const p of TOKENS_PARAMS) {
    const v = s[p.key];
    if (v === DEFAULT_SETTINGS[p.key]) params.delete(p.key);
    else params.set(p.key, String(v));
  }
  const q = params.toString();
  return `#${path || '/tokens'}${q ? `?${q}` : ''}`;
}
