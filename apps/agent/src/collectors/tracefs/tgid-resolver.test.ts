import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TgidResolver } from './tgid-resolver.js';

describe('TgidResolver', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function fakeProc(entries: Record<number, number>): string {
    const root = mkdtempSync(join(tmpdir(), 'tgid-'));
    dirs.push(root);
    for (const [tid, tgid] of Object.entries(entries)) {
      mkdirSync(join(root, tid));
      writeFileSync(join(root, tid, 'status'), `Name:\tworker\nUmask:\t0022\nTgid:\t${tgid}\nPid:\t${tid}\n`);
    }
    return root;
  }

  it('maps a thread to its process and keeps unknown or idle ids as they are', () => {
    const r = new TgidResolver(fakeProc({ 501: 500 }));
    expect(r.resolve(501)).toBe(500);
    expect(r.resolve(777)).toBe(777);
    expect(r.resolve(0)).toBe(0);
  });

  it('caches for the ttl, then reads again', () => {
    let now = 0;
    const root = fakeProc({ 501: 500 });
    const r = new TgidResolver(root, 1000, () => now);
    expect(r.resolve(501)).toBe(500);
    writeFileSync(join(root, '501', 'status'), 'Tgid:\t9\n');
    now = 999;
    expect(r.resolve(501)).toBe(500);
    now = 1000;
    expect(r.resolve(501)).toBe(9);
  });
});
