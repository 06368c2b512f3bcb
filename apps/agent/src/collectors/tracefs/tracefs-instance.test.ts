import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INSTANCE_NAME, removeStaleInstances } from './tracefs-instance.js';

describe('removeStaleInstances', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
  });

  it('removes only servicemap instances whose pid is dead', () => {
    const root = mkdtempSync(join(tmpdir(), 'tracefs-'));
    roots.push(root);
    const names = ['servicemap-100', 'servicemap-100-2', 'servicemap-200', `servicemap-${process.pid}`, 'servicemap-x', 'other-100', 'servicemap-100-a'];
    for (const n of names) mkdirSync(join(root, 'instances', n), { recursive: true });
    const removed = removeStaleInstances(root, (pid) => pid === 200);
    expect(removed.sort()).toEqual(['servicemap-100', 'servicemap-100-2']);
    expect(names.filter((n) => existsSync(join(root, 'instances', n)))).toEqual([
      'servicemap-200',
      `servicemap-${process.pid}`,
      'servicemap-x',
      'other-100',
      'servicemap-100-a',
    ]);
  });

  it('returns nothing when there is no instances directory', () => {
    expect(removeStaleInstances(join(tmpdir(), 'no-such-tracefs-root'))).toEqual([]);
  });

  it('matches only the names the collector creates', () => {
    expect(INSTANCE_NAME.exec('servicemap-42')?.[1]).toBe('42');
    expect(INSTANCE_NAME.exec('servicemap-42-3')?.[1]).toBe('42');
    expect(INSTANCE_NAME.test('servicemap-')).toBe(false);
    expect(INSTANCE_NAME.test('xservicemap-42')).toBe(false);
  });
});
