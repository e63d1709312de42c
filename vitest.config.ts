import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit tests run real WGSL on Dawn (the `webgpu` package) over SwiftShader; see test/setup-gpu.ts.
// End-to-end tests (test/e2e) need a built page and run in their own project.
export default defineConfig({
  test: {
    // Vitest's default (cores − 1) runs one file at a time on a 2-core CI machine. The longest unit files
    // (the lesson runs) are single-threaded TF.js cpu-backend JavaScript, so two forks overlap them with
    // the rest: the unit run fell from about 10 to under 8 minutes with another job loading the machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          setupFiles: ['test/setup-gpu.ts'],
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
