import type { Column } from './map-view.js';

/** What the layout needs of a node. */
export interface LayoutNode {
  readonly id: string;
  readonly parent?: string;
  readonly column: Column;
  /** Sort key inside a column. */
  readonly order: string;
  /** Has badges under it (taller). */
  readonly tall?: boolean;
}

export interface Point { readonly x: number; readonly y: number }

/** Sizes in pixels: the canvas styles use the same numbers. */
export const LAYOUT = {
  nodeWidth: 190,
  nodeHeight: 46,
  badgeHeight: 16,
  /** Inside a compound node (expanded machine, group). */
  padding: 12,
  /** Room above each compound box for its label. */
  header: 22,
  /** Between stacked boxes of one column (room for the label under a node). */
  gap: 34,
  /** Between sub-columns and between the three columns. */
  columnGap: 150,
} as const;

interface Size { readonly w: number; readonly h: number }

/**
 * Lays out the map's three columns: clients | focus | servers. The map's shape is known, so a
 * column layout is enough: it is linear in the nodes (a 1,000-node ELK layered layout is not,
 * see bench/web-map) and stable — a node keeps its place when data refreshes unless the set of
 * nodes before it changes. Long columns wrap into sub-columns growing away from the focus, so a
 * large map stays roughly as wide as tall. Returns centres for every node (compound nodes
 * included; the canvas sizes those from their children).
 */
export function layoutColumns(nodes: readonly LayoutNode[]): Map<string, Point> {
  const children = new Map<string, LayoutNode[]>();
  const roots: LayoutNode[] = [];
  const ids = new Set(nodes.map((n) => n.id));
  for (const node of nodes) {
    if (node.parent !== undefined && ids.has(node.parent)) {
      const list = children.get(node.parent) ?? [];
      list.push(node);
      children.set(node.parent, list);
    } else {
      roots.push(node);
    }
  }
  const byOrder = (a: LayoutNode, b: LayoutNode): number => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1);
  for (const list of children.values()) list.sort(byOrder);

  const sizes = new Map<string, Size>();
  const sizeOf = (node: LayoutNode): Size => {
    const known = sizes.get(node.id);
    if (known) return known;
    const kids = children.get(node.id);
    let size: Size;
    if (!kids || kids.length === 0) {
      size = { w: LAYOUT.nodeWidth, h: LAYOUT.nodeHeight + (node.tall ? LAYOUT.badgeHeight : 0) };
    } else {
      const inner = kids.map(sizeOf);
      size = {
        w: Math.max(...inner.map((s) => s.w)) + 2 * LAYOUT.padding,
        h: inner.reduce((sum, s) => sum + s.h, 0) + LAYOUT.gap * (inner.length - 1) + 2 * LAYOUT.padding,
      };
    }
    sizes.set(node.id, size);
    return size;
  };

  const positions = new Map<string, Point>();
  const place = (node: LayoutNode, cx: number, top: number): void => {
    const size = sizeOf(node);
    positions.set(node.id, { x: cx, y: top + size.h / 2 });
    let y = top + LAYOUT.padding;
    for (const kid of children.get(node.id) ?? []) {
      place(kid, cx, y);
      y += sizeOf(kid).h + LAYOUT.gap;
    }
  };

  const columns: Record<Column, LayoutNode[]> = { clients: [], focus: [], servers: [] };
  for (const root of roots) columns[root.column].push(root);
  const stacks = (list: LayoutNode[]): LayoutNode[][] => {
    list.sort(byOrder);
    const total = list.reduce((sum, n) => sum + sizeOf(n).h + LAYOUT.gap + LAYOUT.header, 0);
    // Aim for sub-columns about 1.2 times as tall as the column band is wide.
    const maxHeight = Math.max(640, Math.sqrt(total * (LAYOUT.nodeWidth + LAYOUT.columnGap) * 1.2));
    const result: LayoutNode[][] = [];
    let current: LayoutNode[] = [];
    let height = 0;
    for (const node of list) {
      const h = sizeOf(node).h + LAYOUT.gap + LAYOUT.header;
      if (current.length > 0 && height + h > maxHeight) {
        result.push(current);
        current = [];
        height = 0;
      }
      current.push(node);
      height += h;
    }
    if (current.length > 0) result.push(current);
    return result;
  };
  const placeStack = (stack: readonly LayoutNode[], cx: number): void => {
    const total = stack.reduce((sum, n) => sum + sizeOf(n).h, 0) + (LAYOUT.gap + LAYOUT.header) * (stack.length - 1);
    let top = -total / 2;
    for (const node of stack) {
      place(node, cx, top);
      top += sizeOf(node).h + LAYOUT.gap + LAYOUT.header;
    }
  };
  const widthOf = (stack: readonly LayoutNode[]): number => Math.max(LAYOUT.nodeWidth, ...stack.map((n) => sizeOf(n).w));

  const focusStacks = stacks(columns.focus);
  const focusWidths = focusStacks.map(widthOf);
  const focusTotal = focusWidths.reduce((s, w) => s + w, 0) + LAYOUT.columnGap * Math.max(0, focusWidths.length - 1);
  let x = -focusTotal / 2;
  focusStacks.forEach((stack, i) => {
    const w = focusWidths[i] ?? LAYOUT.nodeWidth;
    placeStack(stack, x + w / 2);
    x += w + LAYOUT.columnGap;
  });
  let left = -focusTotal / 2 - LAYOUT.columnGap;
  for (const stack of stacks(columns.clients)) {
    const w = widthOf(stack);
    placeStack(stack, left - w / 2);
    left -= w + LAYOUT.columnGap;
  }
  let right = focusTotal / 2 + LAYOUT.columnGap;
  for (const stack of stacks(columns.servers)) {
    const w = widthOf(stack);
    placeStack(stack, right + w / 2);
    right += w + LAYOUT.columnGap;
  }
  return positions;
}
