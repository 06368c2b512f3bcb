// Runs once before the live tests: they spawn the bundled `servicemap` command, so build it,
// and they need root and the Debian tools that scripts/test-deps.sh installs.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('the live tests need root: network namespaces, nftables and tracefs');
  }
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
