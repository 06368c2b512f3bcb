// Bundles the `servicemap` command into one ESM file. One file starts faster than a tree of
// modules (the agent's snapshot command is benchmarked with Node start-up included), and the
// workspaces can keep pointing their exports at TypeScript sources for tests and type checks.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, readFileSync, rmSync } from 'node:fs';

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

// The web UI, served by the server from `web/` beside the bundle (apps/server/src/http/ui-routes.ts).
const webOut = `${outdir}web/`;
await build({
  entryPoints: [new URL('../apps/web/src/main.tsx', import.meta.url).pathname],
  outdir: `${webOut}assets`,
  entryNames: 'app',
  // Log Search's editor (Monaco) is a chunk loaded on demand; asset names stay flat (ui-routes.ts).
  splitting: true,
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.ttf': 'file' },
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  minify: true,
  sourcemap: 'linked',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
// Monaco's workers, as classic scripts its getWorkerUrl names (features/log-search/kql-monaco.ts).
// The Kusto language service is Bridge.NET code that sets its globals on `global` and has a
// Node-only `require("fs")` behind a check: `global` is the worker's globalThis, fs stays out.
await build({
  entryPoints: {
    'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
    'kusto.worker': '@kusto/monaco-kusto/release/esm/kusto.worker.js',
  },
  absWorkingDir: new URL('../apps/web/', import.meta.url).pathname,
  outdir: `${webOut}assets`,
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  define: { global: 'globalThis' },
  external: ['fs'],
  logLevel: 'warning',
});
copyFileSync(new URL('../apps/web/index.html', import.meta.url), `${webOut}index.html`);
console.log(`built ${webOut}`);
