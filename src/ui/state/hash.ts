// The URL hash holds the route and the lab's settings: `#/explore?d=10&h0=0.8`. Plain functions, no DOM.

export interface HashLocation {
  /** The route path, always starting with "/" (e.g. "/explore"; "/" for the landing view). */
  path: string;
  params: URLSearchParams;
}

/**
 * Shell-level keys that every route accepts; lab schemas ignore them. `present=1`: classroom mode;
 * `hide=lr,batch`: those settings' controls are hidden (a teacher's link); `lesson=<id>`: a lesson's caption.
 */
export const SHELL_KEYS = ['present', 'hide', 'lesson'] as const;

export function parseHash(hash: string): HashLocation {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = body.indexOf('?');
  const rawPath = q >= 0 ? body.slice(0, q) : body;
  const query = q >= 0 ? body.slice(q + 1) : '';
  let path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return { path, params: new URLSearchParams(query) };
}

export function formatHash(path: string, params: URLSearchParams): string {
  const q = params.toString();
  return `#${path}${q ? `?${q}` : ''}`;
}

/** Classroom mode: `present=1` (large type, advanced controls hidden). */
export function isPresentMode(params: URLSearchParams): boolean {
  const v = params.get('present');
  return v === '1' || v === 'true';
}

/** The setting keys a `hide=` link hides (unknown keys are simply ignored: nothing to hide). */
export function hiddenKeys(params: URLSearchParams): Set<string> {
  const raw = params.get('hide');
  return new Set(
    raw
      ? raw
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
      : [],
  );
}
