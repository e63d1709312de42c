// Headless runner: `npm run experiment -- control --env pendulum --agents "sac;sac-era" --steps N
// --seeds K [--backend webgpu|cpu] --out DIR`. Writes DIR/episodes.csv (one row per episode of every
// run) and DIR/summary.json (a contract read outside the repository; see `Summary`: one `runs` entry per
// (agent, seed) and, per agent, mean [min, max] over the seeds in `agents`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BackendName, initBackend } from '../gpu/node-backend.ts';
import { installNodeWebGPU } from '../gpu/node.ts';
import { toCsv } from '../util/csv.ts';
import { UsageError, parseFlags, usageExit } from '../cli/args.ts';
import { AGENT_KINDS, type AgentConfig, type AgentKind, ERA_DISTRIBUTIONS, type EraDistribution } from './agents/types.ts';
import { ENV_NAMES, canonicalEnvName } from './envs/index.ts';

export const USAGE = `usage: npm run experiment -- control --env <${ENV_NAMES.join('|')}> --steps N --seeds K --out DIR
         [--agents "sac;sac-era"] [--backend cpu|webgpu] [--first-seed S] [--links 2..8]
         [--hidden 32,32] [--batch 64] [--warmup 1000] [--warmup-hold 1] [--lr 1e-3] [--updates-per-step 1]
         [--distribution ${ERA_DISTRIBUTIONS.join('|')}] [--delta auto|<number ≥ 0>]
         [--target-entropy-per-dim 0.25] [--checkpoint] [--quiet]
  Trains every agent on every seed (0 … K−1, shifted by --first-seed) for N environment steps; an
  agent's K seeds train together (one batched computation, K environments).
  --warmup-hold holds each random warmup action for that many steps (mountain car needs ~25 to reach the flag).
  Writes DIR/episodes.csv and DIR/summary.json; --checkpoint also writes DIR/<run>.checkpoint.json.`;

export interface RunSummary {
  name: string;
  agent: AgentKind;
  seed: number;
  steps: number;
  episodes: number;
  /** Mean return of the last 10 episodes. */
  finalReturn: number;
  /** Mean return of the final deterministic policy over 10 fresh episodes (null if it diverged). */
  evalReturn: number | null;
  /** Mean over episodes of the per-episode mean policy-Gaussian entropy. */
  meanGaussianEntropy: number;
  targetEntropy: number;
  env: string;
  actionSize: number;
  /** Step at which the run diverged (NaN/∞), or null. */
  divergedAtStep: number | null;
  seconds: number;
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
}

/** One agent's runs over all seeds: mean [min, max] of the per-run figures. */
export interface AgentSummary {
  agent: AgentKind;
  seeds: number[];
  finalReturn: Spread;
  /** Over the seeds whose run did not diverge (null if none). */
  evalReturn: Spread | null;
}

export interface Summary {
  runs: RunSummary[];
  agents: AgentSummary[];
}

function spread(xs: number[]): Spread | null {
  if (xs.length === 0) return null;
  return { mean: xs.reduce((s, x) => s + x, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) };
}

/** Per agent (in the order given), mean [min, max] over its seeds. */
export function aggregateRuns(agents: AgentKind[], runs: RunSummary[]): AgentSummary[] {
  return agents.map((agent) => {
    const mine = runs.filter((r) => r.agent === agent);
    return {
      agent,
      seeds: mine.map((r) => r.seed),
      finalReturn: spread(mine.map((r) => r.finalReturn)) ?? { mean: NaN, min: NaN, max: NaN },
      evalReturn: spread(mine.flatMap((r) => (r.evalReturn === null ? [] : [r.evalReturn]))),
    };
  });
}

export interface ControlCliOptions {
  env: string;
  agents: AgentKind[];
  steps: number;
  seeds: number;
  firstSeed: number;
  backend: BackendName;
  out: string;
  links?: number;
  batchSize: number;
  warmupSteps: number;
  warmupActionHold: number;
  updatesPerStep: number;
  agentConfig: Partial<AgentConfig>;
  checkpoint: boolean;
  quiet: boolean;
}

const FLAGS = {
  env: { type: 'string' },
  agents: { type: 'string' },
  steps: { type: 'string' },
  seeds: { type: 'string' },
  'first-seed': { type: 'string' },
  backend: { type: 'string' },
  out: { type: 'string' },
  links: { type: 'string' },
  hidden: { type: 'string' },
  batch: { type: 'string' },
  warmup: { type: 'string' },
  'warmup-hold': { type: 'string' },
  lr: { type: 'string' },
  'updates-per-step': { type: 'string' },
  distribution: { type: 'string' },
  delta: { type: 'string' },
  'target-entropy-per-dim': { type: 'string' },
  checkpoint: { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

function int(flag: string, v: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer in [${min}, ${max}], got '${v}'`);
  }
  return n;
}

function num(flag: string, v: string, min: number, max = Infinity): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag} must be a number in [${min}, ${max}], got '${v}'`);
  return n;
}

/** Parses the runner's arguments; throws UsageError (with a message) on anything unexpected. */
export function parseControlArgs(args: string[]): ControlCliOptions | 'help' {
  const parsed = parseFlags(args, FLAGS);
  if (parsed.help) return 'help';
  const values = new Map<string, string>();
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') values.set(`--${k}`, v);
  for (const required of ['--env', '--steps', '--seeds', '--out']) {
    if (!values.has(required)) throw new UsageError(`missing ${required}`);
  }
  const env = canonicalEnvName(values.get('--env')!);
  if (!env) throw new UsageError(`--env must be one of ${ENV_NAMES.join(', ')}, got '${values.get('--env')}'`);
  const agents = (values.get('--agents') ?? 'sac;sac-era')
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (agents.length === 0) throw new UsageError('--agents is empty');
  for (const a of agents)
    if (!(AGENT_KINDS as readonly string[]).includes(a)) throw new UsageError(`unknown agent '${a}' in --agents: expected ${AGENT_KINDS.join(', ')}`);
  const backend = values.get('--backend') ?? 'cpu';
  if (backend !== 'cpu' && backend !== 'webgpu') throw new UsageError(`--backend must be cpu or webgpu, got '${backend}'`);

  const agentConfig: Partial<AgentConfig> = {};
  if (values.has('--hidden')) {
    agentConfig.hidden = values
      .get('--hidden')!
      .split(',')
      .map((h) => int('--hidden', h, 1, 1024));
  }
  if (values.has('--lr')) agentConfig.actorLr = agentConfig.criticLr = agentConfig.alphaLr = num('--lr', values.get('--lr')!, 1e-7, 1);
  if (values.has('--distribution')) {
    const d = values.get('--distribution')!;
    if (!(ERA_DISTRIBUTIONS as readonly string[]).includes(d))
      throw new UsageError(`--distribution must be one of ${ERA_DISTRIBUTIONS.join(', ')}, got '${d}'`);
    agentConfig.distribution = d as EraDistribution;
  }
  if (values.has('--delta')) {
    const d = values.get('--delta')!;
    if (d === 'auto') agentConfig.deltaMode = 'auto';
    else agentConfig.delta = num('--delta', d, 0);
  }
  if (values.has('--target-entropy-per-dim')) {
    agentConfig.targetEntropyPerDim = num('--target-entropy-per-dim', values.get('--target-entropy-per-dim')!, -10, 1.4);
  }
  const links = values.has('--links') ? int('--links', values.get('--links')!, 2, 8) : undefined;
  if (links !== undefined && env !== 'reacher') throw new UsageError('--links applies only to --env reacher');
  return {
    env,
    agents: agents as AgentKind[],
    steps: int('--steps', values.get('--steps')!, 1),
    seeds: int('--seeds', values.get('--seeds')!, 1, 1000),
    firstSeed: values.has('--first-seed') ? int('--first-seed', values.get('--first-seed')!, 0) : 0,
    backend,
    out: values.get('--out')!,
    links,
    batchSize: values.has('--batch') ? int('--batch', values.get('--batch')!, 1, 65536) : 64,
    warmupSteps: values.has('--warmup') ? int('--warmup', values.get('--warmup')!, 0) : 1000,
    warmupActionHold: values.has('--warmup-hold') ? int('--warmup-hold', values.get('--warmup-hold')!, 1, 100_000) : 1,
    updatesPerStep: values.has('--updates-per-step') ? int('--updates-per-step', values.get('--updates-per-step')!, 0, 64) : 1,
    agentConfig,
    checkpoint: !!parsed.checkpoint,
    quiet: !!parsed.quiet,
  };
}

const CSV_COLUMNS = [
  'name',
  'agent',
  'seed',
  'episode',
  'step',
  'return',
  'length',
  'gaussianEntropy',
  'actionEntropy',
  'alpha',
  'delta',
  'qMean',
  'criticLoss',
  'actorLoss',
] as const;

/**
 * Trains each agent's seeds together (one `SeedsTrainer`: S environments, one batched computation), the
 * agents in turn, and writes the CSV and summary; runs are listed seed by seed, agents in the given order.
 */
export async function runControlExperiment(o: ControlCliOptions, log: (line: string) => void = () => {}): Promise<Summary> {
  // WebGPU in Node (Dawn) before TF.js loads, so --backend webgpu finds navigator.gpu.
  installNodeWebGPU();
  const { SeedsTrainer } = await import('./seeds.ts');
  mkdirSync(o.out, { recursive: true });
  const rows: Array<{ name: string; agent: AgentKind; seed: number }> = [];
  const runs: RunSummary[] = [];
  const envTag = o.env === 'reacher' ? `reacher${o.links ?? 2}` : o.env;
  const seeds = Array.from({ length: o.seeds }, (_, s) => o.firstSeed + s);
  const nameOf = (agent: AgentKind, seed: number) => `${agent}-${envTag}-seed${seed}`;
  // Seed-major, agents in the given order (the order the runs were listed in when seeds ran one by one).
  const order = (a: { agent: AgentKind; seed: number }, b: { agent: AgentKind; seed: number }) =>
    a.seed - b.seed || o.agents.indexOf(a.agent) - o.agents.indexOf(b.agent);
  for (const agent of o.agents) {
    const t0 = performance.now();
    const trainer = new SeedsTrainer({
      env: o.env,
      envOptions: o.links !== undefined ? { links: o.links } : {},
      agent,
      agentConfig: o.agentConfig,
      seeds,
      batchSize: o.batchSize,
      warmupSteps: o.warmupSteps,
      warmupActionHold: o.warmupActionHold,
      updatesPerStep: o.updatesPerStep,
    });
    trainer.onEpisode = (run, e) => {
      if (e.episode % 10 === 9)
        log(`${nameOf(agent, run.seed)} step ${e.step} episode ${e.episode + 1} return ${e.return.toFixed(1)} (last-10 mean ${run.finalReturn().toFixed(1)})`);
    };
    await trainer.runSteps(o.steps);
    const evals = await trainer.evaluate(10);
    const seconds = (performance.now() - t0) / 1000;
    for (const run of trainer.runs) {
      const name = nameOf(agent, run.seed);
      if (run.diverged) log(`${name} diverged at step ${run.diverged.step}: ${run.diverged.reason}`);
      for (const e of run.episodes) rows.push({ name, agent, seed: run.seed, ...e });
      runs.push({
        name,
        agent,
        seed: run.seed,
        steps: run.steps,
        episodes: run.episodes.length,
        finalReturn: run.finalReturn(10),
        evalReturn: run.diverged ? null : evals[run.slot],
        meanGaussianEntropy: run.meanGaussianEntropy(),
        targetEntropy: trainer.agent.targetEntropy,
        env: envTag,
        actionSize: run.env.actionSize,
        divergedAtStep: run.diverged?.step ?? null,
        // The seeds trained together: each run reports the batch's wall time.
        seconds,
      });
      if (o.checkpoint) writeFileSync(join(o.out, `${name}.checkpoint.json`), JSON.stringify(await trainer.agent.exportCheckpoint(run.slot)));
      log(`${name}: ${run.episodes.length} episodes, final return ${run.finalReturn().toFixed(1)}`);
    }
    trainer.dispose();
    log(`${agent}: ${seeds.length} seeds together in ${seconds | 0} s`);
    runs.sort(order);
    rows.sort(order);
    // Written after every agent so a long experiment leaves usable partial results.
    writeFileSync(join(o.out, 'episodes.csv'), toCsv(rows, { columns: CSV_COLUMNS, nonFinite: 'empty', precision: 7 }));
    const summary: Summary = { runs, agents: aggregateRuns(o.agents, runs) };
    writeFileSync(
      join(o.out, 'summary.json'),
      JSON.stringify(summary, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2),
    );
  }
  for (const a of aggregateRuns(o.agents, runs)) {
    const e = a.evalReturn;
    log(
      `${a.agent} over seeds ${a.seeds.join(',')}: final return ${a.finalReturn.mean.toFixed(1)} [${a.finalReturn.min.toFixed(1)}, ${a.finalReturn.max.toFixed(1)}]` +
        (e ? `, deterministic ${e.mean.toFixed(1)} [${e.min.toFixed(1)}, ${e.max.toFixed(1)}]` : ''),
    );
  }
  return { runs, agents: aggregateRuns(o.agents, runs) };
}

export async function runCli(args: string[]): Promise<number> {
  return usageExit('control', USAGE, async () => {
    const options = parseControlArgs(args);
    if (options === 'help') return 'help';
    await initBackend(options.backend);
    const quiet = options.quiet;
    await runControlExperiment(options, (line) => {
      if (!quiet) console.error(line);
    });
    return 0;
  });
}
