import type { ProcessRole } from '@servicemap/protocol';
import { LAYOUT, layoutColumns, type Point } from '../column-layout.js';
import type { MapView } from '../map-view.js';

/** A cytoscape element as plain data (this file does not import the graph library). */
export interface CanvasElement {
  readonly group: 'nodes' | 'edges';
  readonly data: Record<string, unknown> & { readonly id: string };
  readonly position?: Point;
  readonly classes: string;
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
    const badgeLine = n.badges.map((b) => `${b.severity === 'critical' ? '⛔' : b.severity === 'warning' ? '⚠' : 'ℹ'} ${b.label}`).join('  ');
    // An expanded node is a box around its children: its title alone sits on top.
    const label = n.expanded ? n.label : [n.label, n.sublabel, badgeLine].filter((line) => line !== '').join('\n');
    const role: ProcessRole | undefined = n.roles[0];
    elements.push({
      group: 'nodes',
      data: {
        id: n.id, label, kind: n.kind, severity: n.severity, role: role ?? '', search: `${n.label} ${n.sublabel}`.toLowerCase(),
        height: LAYOUT.nodeHeight + (n.badges.length > 0 ? LAYOUT.badgeHeight : 0),
        ...(n.parent === undefined ? {} : { parent: n.parent }),
      },
      ...(positions.has(n.id) ? { position: positions.get(n.id) } : {}),
      classes: [n.kind, n.expanded ? 'expanded' : '', n.focus ? 'focus' : '', n.member ? 'member' : '', n.monitored ? '' : 'unmonitored',
        role === undefined ? '' : 'has-role'].filter((c) => c !== '').join(' '),
    });
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
