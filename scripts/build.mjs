// Bundles the `servicemap` command into one ESM file. One file starts faster than a tree of
// modules (the agent's snapshot command is benchmarked with Node start-up included), and the
// workspaces can keep pointing their exports at TypeScript sources for tests and type checks.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../apps/cli/package.json', import.meta.url), 'utf8'));
const outfile = new URL('../apps/cli/dist/servicemap.mjs', import.meta.url).pathname;
await build({
  entryPoints: [new URL('../apps/cli/src/main.ts', import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  // Native or dynamically-loaded modules stay outside the bundle.
  external: ['@duckdb/*'],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __smCreateRequire } from 'node:module'; const require = __smCreateRequire(import.meta.url);",
  },
  define: { __SERVICEMAP_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
console.log(`built ${outfile}`);
