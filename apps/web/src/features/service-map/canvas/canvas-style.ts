import type cytoscape from 'cytoscape';
import type { ProcessRole } from '@servicemap/protocol';
import { LAYOUT } from '../column-layout.js';
import { SEVERITY_ORDER } from '../badges.js';
import { badgeIcon, BADGE_KINDS } from './badge-icons.js';
import { PILL } from './canvas-elements.js';
import type { CanvasPalette } from './canvas-palette.js';
import { roleIcon } from './role-icons.js';

const ROLES: readonly ProcessRole[] = ['webServer', 'appServer', 'databaseServer', 'ldapServer', 'smbServer'];

/** The canvas stylesheet for a palette: shapes, severity borders, failed edges, roles. */
export function canvasStyle(p: CanvasPalette): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        shape: 'round-rectangle', width: LAYOUT.nodeWidth, height: 'data(height)', 'background-color': p.node,
        'border-width': 2, 'border-color': p.severity.none, label: 'data(label)', color: p.text, 'font-size': 11,
        'font-family': 'system-ui, sans-serif', 'text-wrap': 'ellipsis', 'text-max-width': `${LAYOUT.nodeWidth - 34}px`,
        'text-valign': 'center', 'text-halign': 'center', 'text-justification': 'left', 'line-height': 1.3,
        'min-zoomed-font-size': 6,
      },
    },
    { selector: 'node[label]', style: { 'text-wrap': 'wrap' } },
    // The focus is drawn thicker; its colour yields to a badge's severity below.
    { selector: 'node.focus', style: { 'border-color': p.focus, 'border-width': 4, 'font-weight': 'bold' } },
    { selector: 'node[severity = "critical"]', style: { 'border-color': p.severity.critical, 'border-width': 3 } },
    { selector: 'node[severity = "warning"]', style: { 'border-color': p.severity.warning, 'border-width': 3 } },
    { selector: 'node[severity = "informational"]', style: { 'border-color': p.severity.informational, 'border-width': 3 } },
    { selector: 'node.unmonitored', style: { 'border-style': 'dashed', color: p.muted } },
    { selector: 'node.clientGroup, node.portGroup', style: { shape: 'round-tag', 'background-color': p.compound } },
    { selector: 'node.portGroup', style: { shape: 'round-rectangle' } },
    { selector: 'node.member', style: { 'outline-width': 3, 'outline-color': p.focus, 'outline-offset': 3 } },
    {
      selector: ':parent',
      style: {
        'background-color': p.compound, 'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': -4,
        padding: `${LAYOUT.padding}px`, 'font-weight': 'bold', 'text-wrap': 'ellipsis',
      },
    },
    ...ROLES.map((role) => ({
      selector: `node[role = "${role}"]`,
      style: {
        'background-image': roleIcon(role, p.muted), 'background-width': '16px', 'background-height': '16px',
        'background-position-x': '8px', 'background-position-y': '50%', 'background-clip': 'none', 'background-image-containment': 'over',
        'text-margin-x': 8,
      },
    })),
    { selector: ':parent[role]', style: { 'background-image-opacity': 0, 'text-margin-x': 0 } },
    {
      selector: 'edge',
      style: {
        width: 1.5, 'line-color': p.edge, 'target-arrow-color': p.edge, 'target-arrow-shape': 'triangle', 'arrow-scale': 0.8,
        'curve-style': 'bezier', label: 'data(label)', 'font-size': 9, color: p.muted, 'text-rotation': 'autorotate',
        'text-background-color': p.background, 'text-background-opacity': 0.8, 'text-background-padding': '1px', 'min-zoomed-font-size': 8,
      },
    },
    { selector: 'edge.failed, edge.mixed', style: { 'line-color': p.failed, 'target-arrow-color': p.failed, 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
    { selector: 'edge.mixed', style: { 'line-dash-pattern': [10, 3] } },
    { selector: 'edge.self-link', style: { 'curve-style': 'bezier', 'loop-direction': '-45deg', 'loop-sweep': '-90deg' } },
    { selector: 'node:selected', style: { 'border-color': p.selected, 'border-width': 4, 'background-color': p.node } },
    { selector: ':parent:selected', style: { 'background-color': p.compound } },
    { selector: 'edge:selected', style: { width: 3.5, 'line-color': p.selected, 'target-arrow-color': p.selected } },
    { selector: 'edge.failed:selected, edge.mixed:selected', style: { 'line-color': p.failed, width: 3.5 } },
    // Titles of expanded boxes: one line, as wide as they need (placed last so nothing above overrides them).
    { selector: ':parent', style: { 'text-wrap': 'none', 'text-max-width': '2000px', 'text-margin-x': 0, 'text-justification': 'center' } },
    // Badge pills: filled with their severity's colour, the kind's glyph left of the count.
    {
      selector: 'node.badge',
      style: {
        shape: 'round-rectangle', width: 'data(width)', height: PILL.height, 'border-width': 0, label: 'data(label)',
        'font-size': 10, 'font-weight': 'bold', 'text-valign': 'center', 'text-halign': 'center', 'text-wrap': 'none',
        'text-margin-x': (PILL.icon + PILL.gap) / 2, 'background-image': badgeIcon(undefined, p.onSeverity.none),
        'background-width': `${PILL.icon}px`, 'background-height': `${PILL.icon}px`, 'background-position-x': `${PILL.padding}px`,
        'background-position-y': '50%', 'background-clip': 'none', 'min-zoomed-font-size': 0, 'z-compound-depth': 'top', 'z-index': 10,
        'outline-width': 0, 'underlay-opacity': 0, events: 'yes',
      },
    },
    { selector: 'node.badge[label = ""]', style: { 'text-margin-x': 0 } },
    ...SEVERITY_ORDER.flatMap((severity) => [
      { selector: `node.badge[severity = "${severity}"]`, style: { 'background-color': p.severity[severity], color: p.onSeverity[severity], 'background-image': badgeIcon(undefined, p.onSeverity[severity]) } },
      ...BADGE_KINDS.map((kind) => ({
        selector: `node.badge[severity = "${severity}"][provider = "${kind}"]`, style: { 'background-image': badgeIcon(kind, p.onSeverity[severity]) },
      })),
    ]),
    { selector: 'node.search-hit', style: { 'underlay-color': p.selected, 'underlay-opacity': 0.25, 'underlay-padding': 6 } },
  ];
}
