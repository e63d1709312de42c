// Command-line flags for every Node entry point, through node:util parseArgs: `--flag value` and
// `--flag=value` both work, a value may be a negative number (`--h0 -0.5`), and an unknown flag, a
// missing value or a flag given twice is a UsageError with a plain message. Each CLI validates the
// values itself and prints its usage text with `usageExit`.
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A bad command line: the CLI prints the message and its usage, and exits with code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** Parses `args` against `options` (plus --help/-h); throws UsageError on anything unexpected. */
export function parseFlags<const O extends Options>(args: readonly string[], options: O) {
  const all = { ...options, ...HELP };
  // parseArgs reads "--h0 -0.5" as two options; glue a negative number to the flag that takes it.
  const glued: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : null;
    const next = args[i + 1];
    if (name && all[name as keyof typeof all]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      glued.push(`${a}=${next}`);
      i++;
    } else glued.push(a);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: glued, options: all, strict: true, allowPositionals: false, tokens: true });
  } catch (e) {
    throw new UsageError(explain(e));
  }
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option' || all[t.name as keyof typeof all]?.multiple) continue;
    if (seen.has(t.name)) throw new UsageError(`${t.rawName} given twice`);
    seen.add(t.name);
  }
  return parsed.values;
}

/** parseArgs' messages, in this project's words ("unknown argument '--x'", "--out needs a value"). */
function explain(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const msg = err.message ?? String(e);
  const flag = /'(-{1,2}[^' <]+)/.exec(msg)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown argument '${flag}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(msg) ? `${flag} takes no value` : `${flag} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${/'([^']*)'/.exec(msg)?.[1] ?? ''}'`;
    default:
      return msg;
  }
}

/**
 * Runs a CLI's body with the shared exit codes: --help prints the usage (0); a UsageError prints
 * "<name>: <message>" and the usage (2); anything else propagates.
 */
export async function usageExit(name: string, usage: string, body: () => Promise<number | 'help'>): Promise<number> {
  try {
    const code = await body();
    if (code === 'help') {
      console.log(usage);
      return 0;
    }
    return code;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${name}: ${e.message}\n${usage}`);
    return 2;
  }
}

/** Runs a CLI's `main(argv)` and exits with its code; a thrown error prints its stack and exits 1. */
export function runCli(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
