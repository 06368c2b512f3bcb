import type { ProcessRole } from '@servicemap/protocol';
import { LAYOUT, layoutColumns, type Point } from '../column-layout.js';
import type { StatusBadge } from '../badges.js';
import type { MapNodeView, MapView } from '../map-view.js';

/** A cytoscape element as plain data (this file does not import the graph library). */
export interface CanvasElement {
  readonly group: 'nodes' | 'edges';
  readonly data: Record<string, unknown> & { readonly id: string };
  readonly position?: Point;
  readonly classes: string;
}

/** Pill sizes in pixels (the stylesheet uses the same numbers). */
export const PILL = { height: 16, icon: 11, padding: 3, gap: 2, digit: 6.5, spacing: 4 } as const;

/** A badge as the canvas draws it: a pill centred `dx` from its machine's centre, on its bottom border. */
export interface BadgePill {
  readonly id: string;
  readonly host: string;
  readonly provider: string;
  readonly severity: StatusBadge['severity'];
  /** The count, capped at `99+`; empty for a badge without one (icon alone). */
  readonly text: string;
  readonly width: number;
  readonly dx: number;
}

/** Id of a badge's pill: per machine, provider and severity, so a pill keeps its identity on refresh. */
export const pillId = (host: string, badge: StatusBadge): string => `${host}#badge:${badge.provider}:${badge.severity}`;

/** The row of pills under a machine, centred on it, in the badges' order (most severe first). */
export function badgePills(node: Pick<MapNodeView, 'id' | 'badges'>): BadgePill[] {
  const pills = node.badges.map((badge) => {
    const text = badge.count === undefined ? '' : badge.count > 99 ? '99+' : String(badge.count);
    const width = 2 * PILL.padding + PILL.icon + (text === '' ? 0 : PILL.gap + text.length * PILL.digit);
    return { id: pillId(node.id, badge), host: node.id, provider: badge.provider, severity: badge.severity, text, width, dx: 0 };
  });
  const total = pills.reduce((sum, p) => sum + p.width, 0) + PILL.spacing * Math.max(0, pills.length - 1);
  let left = -total / 2;
  return pills.map((pill) => {
    const placed = { ...pill, dx: left + pill.width / 2 };
    left += pill.width + PILL.spacing;
    return placed;
  });
}

const KIND_ORDER = { machine: '0', processGroup: '1', process: '2', clientGroup: '3', portGroup: '4' } as const;

/** Turns a map view into positioned canvas elements (the column layout runs here). */
export function canvasElements(view: MapView): { elements: CanvasElement[]; layoutMs: number } {
  const started = performance.now();
  const positions = layoutColumns(view.nodes.map((n) => ({
    id: n.id, column: n.column, order: `${n.focus ? '0' : '1'}${KIND_ORDER[n.kind]}${n.label.toLowerCase()}`,
    tall: n.badges.length > 0, ...(n.parent === undefined ? {} : { parent: n.parent }),
  })));
  const layoutMs = performance.now() - started;
  const elements: CanvasElement[] = [];
  for (const n of view.nodes) {
    // An expanded node is a box around its children: its title alone sits on top.
    const label = n.expanded ? n.label : [n.label, n.sublabel].filter((line) => line !== '').join('\n');
    const role: ProcessRole | undefined = n.roles[0];
    const height = LAYOUT.nodeHeight + (n.badges.length > 0 ? LAYOUT.badgeHeight : 0);
    const position = positions.get(n.id);
    elements.push({
      group: 'nodes',
      data: {
        id: n.id, label, kind: n.kind, severity: n.severity, role: role ?? '', search: `${n.label} ${n.sublabel}`.toLowerCase(),
        height, ...(n.parent === undefined ? {} : { parent: n.parent }),
      },
      ...(position === undefined ? {} : { position }),
      classes: [n.kind, n.expanded ? 'expanded' : '', n.focus ? 'focus' : '', n.member ? 'member' : '', n.monitored ? '' : 'unmonitored',
        role === undefined ? '' : 'has-role'].filter((c) => c !== '').join(' '),
    });
    // Pills sit beside their machine (same parent), on its bottom border: the canvas moves them
    // with it (see placeBadgePills), so they are no children that would turn it into a box.
    for (const pill of badgePills(n)) {
      elements.push({
        group: 'nodes',
        data: {
          id: pill.id, kind: 'badge', host: pill.host, provider: pill.provider, severity: pill.severity, label: pill.text,
          width: pill.width, dx: pill.dx, ...(n.parent === undefined ? {} : { parent: n.parent }),
        },
        ...(position === undefined ? {} : { position: { x: position.x + pill.dx, y: position.y + height / 2 } }),
        classes: 'badge',
      });
    }
  }
  for (const e of view.edges) {
    elements.push({
      group: 'edges',
      data: { id: e.id, source: e.source, target: e.target, label: e.ports.length > 0 ? `:${e.ports.join(',')}` : '' },
      classes: [e.failureState === 'ok' ? '' : e.failureState, e.selfLink ? 'self-link' : ''].filter((c) => c !== '').join(' '),
    });
  }
  return { elements, layoutMs };
}
