// `makeEnv(name, options?)`: the environments of the Control lab behind one interface (a contract).
import { makeMountainCar } from './mountainCar.ts';
import { makePendulum } from './pendulum.ts';
import { makePointMass } from './pointMass.ts';
import { makeReacher } from './reacher.ts';
import type { Env } from './types.ts';

export type { Env, EnvFrame, StepResult } from './types.ts';

export const ENV_NAMES = ['pendulum', 'mountain-car', 'point-mass', 'reacher'] as const;
export type EnvName = (typeof ENV_NAMES)[number];

export interface EnvOptions {
  /** Override the episode's time limit. */
  maxSteps?: number;
  /** Reacher only: number of links (= action dimensions), 2…8. */
  links?: number;
}

/** Accepts the canonical names and common spellings ('MountainCarContinuous', 'point_mass', 'Pendulum-v1'). */
export function canonicalEnvName(name: string): EnvName | undefined {
  const key = String(name)
    .toLowerCase()
    .replace(/-v\d+$/, '')
    .replace(/[^a-z]/g, '');
  const aliases: Record<string, EnvName> = {
    pendulum: 'pendulum',
    mountaincar: 'mountain-car',
    mountaincarcontinuous: 'mountain-car',
    continuousmountaincar: 'mountain-car',
    pointmass: 'point-mass',
    pointmassreach: 'point-mass',
    reacher: 'reacher',
  };
  return aliases[key];
}

export function makeEnv(name: string, options: EnvOptions = {}): Env {
  switch (canonicalEnvName(name)) {
    case 'pendulum':
      return makePendulum(options);
    case 'mountain-car':
      return makeMountainCar(options);
    case 'point-mass':
      return makePointMass(options);
    case 'reacher':
      return makeReacher(options);
    default:
      throw new RangeError(`unknown environment '${name}': expected one of ${ENV_NAMES.join(', ')}`);
  }
}
