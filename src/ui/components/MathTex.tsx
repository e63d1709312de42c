// Formulas rendered by KaTeX. Only constant TeX written in our source reaches here (never URL text).
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

export function MathTex({ tex, display = false }: { tex: string; display?: boolean }) {
  const html = useMemo(() => katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' }), [tex, display]);
  return <span className={display ? 'math math-display' : 'math'} dangerouslySetInnerHTML={{ __html: html }} />;
}
