import { useSyncExternalStore } from 'react';
import { type EngineState, engineState, subscribeEngine } from './engine.ts';

export function useEngine(): EngineState {
  return useSyncExternalStore(subscribeEngine, engineState);
}
