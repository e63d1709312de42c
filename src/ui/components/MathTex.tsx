// Formulas rendered by KaTeX. Only constant TeX written in our source reaches here (never URL text).
// KaTeX (~77 kB gzip) is its own chunk, fetched when this module loads, i.e. only by pages that show formulas.
// MathTex suspends until it has arrived, so a lab appears once, already typeset, behind its route's loading
// line: a TeX-source placeholder would be swapped for math that wraps differently (a visible jump). If KaTeX
// cannot load, the TeX source is shown as text instead, so the page still says what the formula is.
import 'katex/dist/katex.min.css';
import { use, useMemo } from 'react';

type Katex = (typeof import('katex'))['default'];

const katexLoading: Promise<Katex | null> = import('katex').then(
  (m) => m.default,
  (e: unknown) => {
    console.warn(`KaTeX did not load; formulas are shown as TeX: ${String(e)}`);
    return null;
  },
);

export function MathTex({ tex, display = false }: { tex: string; display?: boolean }) {
  const katex = use(katexLoading);
  const html = useMemo(() => katex?.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' }) ?? null, [katex, tex, display]);
  const className = display ? 'math math-display' : 'math';
  if (html === null) return <code className={className}>{tex}</code>;
  return <span className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
