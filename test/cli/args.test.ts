// The shared flag parser every CLI uses: both spellings, negative numbers, and plain usage errors.
import { describe, expect, it, vi } from 'vitest';
import { UsageError, parseFlags, usageExit } from '../../src/cli/args.ts';

const OPTIONS = { steps: { type: 'string' }, seed: { type: 'string' }, quiet: { type: 'boolean' }, from: { type: 'string', multiple: true } } as const;

describe('parseFlags', () => {
  it('takes --flag value and --flag=value alike', () => {
    expect(parseFlags(['--steps', '10', '--seed=3'], OPTIONS)).toMatchObject({ steps: '10', seed: '3' });
    expect(parseFlags(['--seed', '3'], OPTIONS)).toEqual(parseFlags(['--seed=3'], OPTIONS));
  });

  it('reads a negative number as the value of the flag before it', () => {
    expect(parseFlags(['--seed', '-5', '--steps', '-0.25'], OPTIONS)).toMatchObject({ seed: '-5', steps: '-0.25' });
  });

  it('collects repeated flags declared multiple, and --help / -h', () => {
    expect(parseFlags(['--from', 'a', '--from=b'], OPTIONS).from).toEqual(['a', 'b']);
    expect(parseFlags(['-h'], OPTIONS).help).toBe(true);
    expect(parseFlags(['--quiet'], OPTIONS)).toMatchObject({ quiet: true });
  });

  it.each([
    [['--frobnicate', '1'], /^unknown argument '--frobnicate'$/],
    [['--steps'], /^--steps needs a value$/],
    [['--steps', '--seed', '1'], /^--steps needs a value$/],
    [['--quiet=1'], /^--quiet takes no value$/],
    [['extra'], /^unexpected argument 'extra'$/],
    [['--seed', '1', '--seed=2'], /^--seed given twice$/],
  ])('rejects %j with a UsageError', (args, message) => {
    expect(() => parseFlags(args, OPTIONS)).toThrow(UsageError);
    expect(() => parseFlags(args, OPTIONS)).toThrow(message);
  });
});

describe('usageExit', () => {
  it('prints the usage with exit 0 for help and 2 for a usage error; other errors propagate', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await usageExit('lab', 'usage: lab', async () => 'help')).toBe(0);
    expect(log.mock.calls.flat().join('\n')).toMatch(/usage: lab/);
    expect(await usageExit('lab', 'usage: lab', async () => parseFlags(['--nope'], OPTIONS) && 0)).toBe(2);
    expect(err.mock.calls.flat().join('\n')).toMatch(/lab: unknown argument '--nope'\nusage: lab/);
    await expect(usageExit('lab', 'usage: lab', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await usageExit('lab', 'usage: lab', async () => 7)).toBe(7);
    log.mockRestore();
    err.mockRestore();
  });
});

describe('every runner takes both spellings and refuses unknown flags', () => {
  it('classify, control, tokens and data:cifar10', async () => {
    const { parseClassifyArgs } = await import('../../src/classify/cli.ts');
    const { parseControlArgs } = await import('../../src/control/cli.ts');
    const { parseArgs: parseTokensArgs } = await import('../../src/tokens/cli.ts');
    const { parseDataArgs } = await import('../../src/cli/data-cifar10.ts');
    const spaced = ['--runs', 'none', '--seed', '3', '--out', 'd', '--steps', '2'];
    expect(parseClassifyArgs(['--runs=none', '--seed=3', '--out=d', '--steps=2'])).toEqual(parseClassifyArgs(spaced));
    expect(parseControlArgs(['--env=pendulum', '--steps=5', '--seeds=2', '--out=d', '--target-entropy-per-dim', '-0.5'])).toEqual(
      parseControlArgs(['--env', 'pendulum', '--steps', '5', '--seeds', '2', '--out', 'd', '--target-entropy-per-dim=-0.5']),
    );
    expect(parseTokensArgs(['--runs=grpo', '--steps=1', '--seed=3', '--out=d'])).toEqual(
      parseTokensArgs(['--runs', 'grpo', '--steps', '1', '--seed', '3', '--out', 'd']),
    );
    expect(parseDataArgs(['--from=a.tar.gz', '--out=x'])).toEqual(parseDataArgs(['--from', 'a.tar.gz', '--out', 'x']));
    for (const parse of [parseClassifyArgs, parseControlArgs, parseTokensArgs, parseDataArgs]) {
      expect(() => parse(['--frobnicate'])).toThrow(/unknown argument '--frobnicate'/);
    }
  });
});
