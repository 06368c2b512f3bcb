// Runs a TypeScript bench entry point without new dependencies: bundles it with esbuild (already
// a dev dependency) into bench/out/, then runs the bundle with this Node and the remaining args.
//   node bench/run.mjs bench/agent-snapshot/main.ts [args…]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { basename, dirname, resolve } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (entry === undefined) {
  console.error('usage: node bench/run.mjs <entry.ts> [args…]');
  process.exit(2);
}
const entryPath = resolve(entry);
// bench/agent-snapshot/main.ts → bench/out/agent-snapshot.mjs
const name = basename(entryPath) === 'main.ts' ? basename(dirname(entryPath)) : basename(entryPath, '.ts');
const outfile = resolve(import.meta.dirname, 'out', `${name}.mjs`);
await build({
  entryPoints: [entryPath],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  external: ['@duckdb/*', 'pino', 'thread-stream', 'esbuild', 'playwright-core'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
const nodeFlags = process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : [];
const result = spawnSync(process.execPath, [...nodeFlags, outfile, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
