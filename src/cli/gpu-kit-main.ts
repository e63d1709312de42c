// The GPU kit's entry (scripts/gpu-kit.mjs bundles it into .gpu-kit/era-kit.mjs with esbuild):
//   node era-kit.mjs bench|throughput|experiment [the command's own flags]
// dispatches to the same CLIs as `npm run bench`, `npm run bench:throughput` and `npm run experiment`.
// The kit has no node_modules: the bundle loads Dawn's dawn.node from its own folder (or from
// ERA_DAWN_NODE), and the package versions the bench reports are fixed at build time.
export {};

declare const __ERA_PACKAGE_VERSIONS__: Record<string, string>;

const COMMANDS = ['bench', 'throughput', 'experiment'] as const;
type Command = (typeof COMMANDS)[number];

const USAGE = `usage: node era-kit.mjs <${COMMANDS.join('|')}> [options]   (each command prints its own options with --help)`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (!(COMMANDS as readonly string[]).includes(command)) {
    console.error(USAGE);
    process.exit(2);
  }
  if (typeof __ERA_PACKAGE_VERSIONS__ !== 'undefined') process.env.ERA_PACKAGE_VERSIONS = JSON.stringify(__ERA_PACKAGE_VERSIONS__);
  // Each CLI parses process.argv and exits when done, as it does when run on its own.
  process.argv = [process.argv[0], `${process.argv[1]} ${command}`, ...rest];
  const load: Record<Command, () => Promise<unknown>> = {
    bench: () => import('./bench.ts'),
    throughput: () => import('./throughput.ts'),
    experiment: () => import('./experiment.ts'),
  };
  await load[command as Command]();
}

void main();
