// Builds an agent of either kind from a partial configuration.
import { SacAgent } from './sac.ts';
import { SacEraAgent } from './sacEra.ts';
import { AGENT_KINDS, type Agent, type AgentConfig, type AgentKind, DEFAULT_AGENT_CONFIG } from './types.ts';

export * from './types.ts';
export { SacAgent } from './sac.ts';
export { SacEraAgent } from './sacEra.ts';

export function makeAgent(kind: string, observationSize: number, actionSize: number, config: Partial<AgentConfig> = {}, seed = 0): Agent {
  const full = { ...DEFAULT_AGENT_CONFIG, ...config };
  if (kind === 'sac') return new SacAgent(observationSize, actionSize, full, seed);
  if (kind === 'sac-era') return new SacEraAgent(observationSize, actionSize, full, seed);
  throw new RangeError(`unknown agent '${kind}': expected one of ${AGENT_KINDS.join(', ')}`);
}

export function isAgentKind(kind: string): kind is AgentKind {
  return (AGENT_KINDS as readonly string[]).includes(kind);
}
