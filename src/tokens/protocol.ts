// Messages between the tokens lab's page and its worker (plain data, never tensors).
import type { TokensSettings } from './config.ts';
import type { SessionUpdate } from './session.ts';

export type ToWorker =
  | { type: 'reset'; settings: TokensSettings }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' };

export type FromWorker =
  | { type: 'ready'; backend: string }
  | { type: 'updates'; updates: SessionUpdate[] }
  | { type: 'status'; running: boolean; stepsPerSecond: number; step: number }
  | { type: 'error'; message: string };
