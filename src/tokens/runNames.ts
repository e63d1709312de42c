// The run names the lab and its CLI accept (kept free of TF.js and ERA imports so the CLI can parse
// its arguments before loading them).
export const RUN_NAMES = ['grpo', 'grpo-era'] as const;
export type RunName = (typeof RUN_NAMES)[number];
