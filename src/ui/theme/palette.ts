// One colour-blind-safe palette (Okabe & Ito, 2008) for every lab, and one rule: ERA runs are blue and
// drawn solid, the runs they are compared with are drawn dashed in their own colour. Colour is never
// the only cue (the dash is the second). Text is never drawn in these colours: legend labels stay in
// the body colour, so small text keeps its contrast.
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Dark text and rules that keep ≥ 4.5:1 contrast on the page's light background. */
export const INK = '#1f2933';
export const INK_MUTED = '#4a5561';
export const TARGET_COLOR = '#1b7f3b';

export interface SeriesStyle {
  color: string;
  /** SVG stroke-dasharray; undefined = solid. */
  dash?: string;
  width: number;
}

const BASELINE_DASH = '6 3';

/**
 * The style of a run by its kind: 'era' (and any kind starting with 'era' or containing '+era' /
 * '-era', e.g. 'grpo-era', 'sac-era', 'era+ls') is ERA; the rest are baselines.
 */
export function runStyle(kind: string): SeriesStyle {
  const k = kind.toLowerCase();
  if (k === 'era' || k === 'grpo-era' || k === 'sac-era') return { color: OKABE_ITO.blue, width: 2.5 };
  if (k === 'era+ls') return { color: OKABE_ITO.skyBlue, width: 2.5 };
  if (k === 'era+dropout') return { color: OKABE_ITO.bluishGreen, width: 2.5 };
  if (k === 'ls') return { color: OKABE_ITO.orange, dash: BASELINE_DASH, width: 2 };
  if (k === 'dropout') return { color: OKABE_ITO.reddishPurple, dash: BASELINE_DASH, width: 2 };
  if (k === 'dropout+ls') return { color: OKABE_ITO.black, dash: '2 3', width: 2 };
  // none, grpo, sac: the plain baseline.
  return { color: OKABE_ITO.vermillion, dash: BASELINE_DASH, width: 2 };
}

/** True for the kinds drawn as ERA. */
export function isEraKind(kind: string): boolean {
  return runStyle(kind).color === OKABE_ITO.blue || kind.toLowerCase().startsWith('era');
}
