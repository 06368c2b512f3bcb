// `npm run demo`: builds the command, then starts the end-to-end lab (tests/e2e/service-lab.ts)
// by hand and leaves a populated server running to browse. Node 20 cannot run the lab's
// TypeScript, so it is bundled first into a temp dir (no native modules: the server runs as the
// built command). Ctrl-C or SIGTERM removes everything.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.getuid?.() !== 0) {
  console.error('demo: needs root (network namespaces, nftables, kernel events)');
  process.exit(1);
}
for (const tool of ['/usr/sbin/nginx', '/usr/bin/redis-server', '/usr/sbin/nft']) {
  if (!existsSync(tool)) {
    console.error(`demo: ${tool} is missing; install the lab's Debian packages with: npm run test:deps`);
    process.exit(1);
  }
}
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'sm-demo-bundle-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const outfile = join(dir, 'demo.mjs');
await build({
  entryPoints: [join(root, 'scripts/demo.ts')], outfile, bundle: true, platform: 'node', format: 'esm',
  target: 'node20', logLevel: 'warning',
});
const { runDemo } = await import(pathToFileURL(outfile).href);
await runDemo(root);
