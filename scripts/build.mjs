// Bundles the `servicemap` command into one ESM file. One file starts faster than a tree of
// modules (the agent's snapshot command is benchmarked with Node start-up included), and the
// workspaces can keep pointing their exports at TypeScript sources for tests and type checks.
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../apps/cli/package.json', import.meta.url), 'utf8'));
const outdir = new URL('../apps/cli/dist/', import.meta.url).pathname;
const outfile = `${outdir}servicemap.mjs`;
rmSync(new URL('../apps/cli/dist/', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: [new URL('../apps/cli/src/main.ts', import.meta.url).pathname],
  outdir,
  entryNames: 'servicemap',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // The server's commands become a chunk loaded on demand (see apps/cli/src/main.ts).
  splitting: true,
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
