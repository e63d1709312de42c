// How much larger charts draw their type, ticks and strokes: 1 on a desk, more on a projector
// (present mode). The app shell provides it; charts read it.
import { createContext, useContext } from 'react';

export const ChartScaleContext = createContext(1);

export function useChartScale(): number {
  return useContext(ChartScaleContext);
}

/** The scale present mode uses. */
export const PRESENT_CHART_SCALE = 1.5;
