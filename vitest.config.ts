import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs in parallel and touches nothing outside the process and its temp dirs;
// `live` runs one file at a time because its tests create network namespaces, tracefs instances
// and daemons that must not interfere with each other.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.live.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'live',
          include: ['apps/*/src/**/*.live.test.ts', 'apps/*/test/**/*.live.test.ts', 'tests/**/*.live.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          globalSetup: ['./scripts/live-global-setup.ts'],
        },
      },
    ],
  },
});
