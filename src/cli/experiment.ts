// `npm run experiment -- <lab> [options]`: the headless runner of each lab (same trainer code as the page).
export const LABS = ['classify', 'control', 'tokens'] as const;
type Lab = (typeof LABS)[number];

const usage = `usage: npm run experiment -- <${LABS.join('|')}> [options]   (each lab prints its own options with --help)`;

async function main(argv: string[]): Promise<number> {
  const [lab, ...rest] = argv;
  if (!lab || !(LABS as readonly string[]).includes(lab)) {
    console.error(usage);
    return 2;
  }
  const mod = (await import(`../${lab as Lab}/cli.ts`)) as { runCli(args: string[]): Promise<number> };
  return mod.runCli(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
