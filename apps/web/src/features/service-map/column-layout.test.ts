import { describe, expect, it } from 'vitest';
import { LAYOUT, layoutColumns, type LayoutNode } from './column-layout.js';

const node = (id: string, column: LayoutNode['column'], parent?: string): LayoutNode =>
  ({ id, column, order: id, ...(parent === undefined ? {} : { parent }) });

describe('layoutColumns', () => {
  it('places clients left of the focus and servers right of it', () => {
    const at = layoutColumns([node('f', 'focus'), node('c', 'clients'), node('s', 'servers')]);
    expect(at.get('f')?.x).toBe(0);
    expect(at.get('c')?.x).toBeLessThan(-LAYOUT.nodeWidth);
    expect(at.get('s')?.x).toBeGreaterThan(LAYOUT.nodeWidth);
  });

  it('stacks the children of an expanded node inside it without overlap', () => {
    const at = layoutColumns([node('f', 'focus'), node('p1', 'focus', 'f'), node('p2', 'focus', 'f')]);
    const p1 = at.get('p1');
    const p2 = at.get('p2');
    expect(p1?.x).toBe(at.get('f')?.x);
    expect((p2?.y ?? 0) - (p1?.y ?? 0)).toBeGreaterThanOrEqual(LAYOUT.nodeHeight);
  });

  it('wraps a long column into sub-columns so 1,000 nodes stay roughly square, with no two nodes on one spot', () => {
    const nodes = [node('f', 'focus'), ...Array.from({ length: 500 }, (_, i) => node(`c${String(i).padStart(3, '0')}`, 'clients')),
      ...Array.from({ length: 499 }, (_, i) => node(`s${String(i).padStart(3, '0')}`, 'servers'))];
    const at = layoutColumns(nodes);
    expect(at.size).toBe(1000);
    const xs = [...at.values()].map((p) => p.x);
    const ys = [...at.values()].map((p) => p.y);
    const width = Math.max(...xs) - Math.min(...xs);
    const height = Math.max(...ys) - Math.min(...ys);
    expect(width / height).toBeGreaterThan(0.3);
    expect(width / height).toBeLessThan(4);
    expect(new Set([...at.values()].map((p) => `${p.x},${p.y}`)).size).toBe(1000);
    expect(Math.max(...[...at.entries()].filter(([id]) => id.startsWith('c')).map(([, p]) => p.x))).toBeLessThan(0);
  });

  it('keeps a node in place when another column changes (no jumps on refresh)', () => {
    const before = layoutColumns([node('f', 'focus'), node('c', 'clients'), node('s1', 'servers')]);
    const after = layoutColumns([node('f', 'focus'), node('c', 'clients'), node('s1', 'servers'), node('s2', 'servers')]);
    expect(after.get('c')).toEqual(before.get('c'));
    expect(after.get('f')).toEqual(before.get('f'));
  });
});
