import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PackageDatabase } from './package-database.js';

// Reads this machine's real dpkg database (Debian 12): a live test because it looks outside
// its own temp dirs. It prints the load figures the design asks for.
describe('PackageDatabase on the real dpkg database', () => {
  it('knows that /usr/bin/ls (listed as /bin/ls) belongs to coreutils', async () => {
    expect(existsSync('/var/lib/dpkg/status')).toBe(true);
    const db = new PackageDatabase();
    expect(await db.refresh()).toBe(true);
    const ls = db.lookup('/usr/bin/ls');
    expect(ls?.package).toBe('coreutils');
    expect(ls?.productVersion).not.toBe('');
    expect(db.lookup('/bin/ls')).toBe(ls);
    const { paths, packages, loadMs } = db.stats;
    console.log(`dpkg load: ${packages} packages, ${paths} paths in ${loadMs.toFixed(0)} ms`);
    expect(paths).toBeGreaterThan(1000);

    const started = performance.now();
    expect(await db.refresh()).toBe(false);
    console.log(`unchanged refresh: ${(performance.now() - started).toFixed(2)} ms`);
  });
});
