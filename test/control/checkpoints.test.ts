// The trained policies shipped under public/checkpoints/control/ (made by the headless runner with
// --checkpoint) load into a fresh agent for their environment and act; the SAC-ERA ones solve their task.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AgentCheckpoint, makeAgent } from '../../src/control/agents/index.ts';
import { makeEnv } from '../../src/control/envs/index.ts';

const DIR = join(process.cwd(), 'public/checkpoints/control');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function evaluate(file: string, episodes: number): Promise<number> {
  const c = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as AgentCheckpoint;
  const [, envTag] = /^(.*?)-(sac|sac-era)\.json$/.exec(file)!.slice(0, 2);
  const links = /^reacher(\d)$/.exec(envTag);
  const env = makeEnv(links ? 'reacher' : envTag, links ? { links: Number(links[1]) } : {});
  const agent = makeAgent(c.kind, env.observationSize, env.actionSize, c.config, 0);
  agent.importCheckpoint(c);
  let total = 0;
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset(500 + e);
    for (;;) {
      const { action } = await agent.act(obs, false);
      const r = env.step(action);
      total += r.reward;
      obs = r.observation;
      if (r.terminated || r.truncated) break;
    }
  }
  agent.dispose();
  return total / episodes;
}

describe('shipped control checkpoints', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

  it('ships one per agent for every environment (the reacher with 4 links)', () => {
    expect(files.sort()).toEqual([
      'mountain-car-sac-era.json',
      'mountain-car-sac.json',
      'pendulum-sac-era.json',
      'pendulum-sac.json',
      'point-mass-sac-era.json',
      'point-mass-sac.json',
      'reacher4-sac-era.json',
      'reacher4-sac.json',
    ]);
  });

  it('every checkpoint loads and acts with finite returns', async () => {
    for (const f of files) expect(Number.isFinite(await evaluate(f, 1))).toBe(true);
  });

  it('the point-mass SAC-ERA policy reaches: deterministic mean return above −50 (zero action: −106)', async () => {
    expect(await evaluate('point-mass-sac-era.json', 5)).toBeGreaterThan(-50);
  });

  it('the mountain-car SAC-ERA policy reaches the flag: deterministic mean return above 80 (standing still: 0)', async () => {
    expect(await evaluate('mountain-car-sac-era.json', 3)).toBeGreaterThan(80);
  });

  it('the Pendulum SAC-ERA policy swings up: deterministic mean return above −400 over 5 episodes', async () => {
    expect(await evaluate('pendulum-sac-era.json', 5)).toBeGreaterThan(-400);
  });
});
