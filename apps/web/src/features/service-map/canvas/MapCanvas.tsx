import cytoscape from 'cytoscape';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { describeNode } from '../build-map-view.js';
import type { MapView } from '../map-view.js';
import { canvasElements, type CanvasElement } from './canvas-elements.js';
import { PALETTES } from './canvas-palette.js';
import { canvasStyle } from './canvas-style.js';
import { nextNodeInDirection, type Direction } from './keyboard-navigation.js';

/** Timings of one draw, for the benchmark and the status line. */
export interface DrawStats {
  readonly nodes: number;
  readonly edges: number;
  readonly layoutMs: number;
  /** From receiving the view to the first frame drawn with it. */
  readonly totalMs: number;
}

export interface MapCanvasProps {
  readonly view: MapView;
  readonly theme: 'light' | 'dark';
  readonly selected?: string;
  /** The canvas fits the map to the screen when this changes (a new subject), never on refresh. */
  readonly fitKey: string;
  /** Centre on this node when the request changes (search-to-focus). */
  readonly centerOn?: { readonly id: string; readonly seq: number };
  readonly onSelect: (id: string | undefined) => void;
  readonly onToggle: (id: string) => void;
  readonly onMenu: (id: string, clientX: number, clientY: number) => void;
  /** A machine's badge pill was clicked (or B pressed on it): show what its badges stand for. */
  readonly onBadge?: (machine: string) => void;
  readonly onDrawn?: (stats: DrawStats) => void;
}

/** What browser tests and the benchmark may read of the canvas (read-only). */
export interface CanvasProbe {
  ids(): string[];
  /** A node's or edge's centre in client (viewport) coordinates. */
  clientPoint(id: string): { x: number; y: number } | undefined;
  /** A node's drawn box (border included, label not) in client coordinates. */
  clientBox(id: string): ClientBox | undefined;
  /** The badge pills drawn for a machine, left to right. */
  badges(machine: string): { id: string; severity: string; provider: string; text: string; colour: string; box: ClientBox }[];
}

export interface ClientBox { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number }

declare global {
  interface Window { servicemapCanvas?: CanvasProbe }
}

const DOUBLE_TAP_MS = 400;

/** Inline too, so the description never takes room beside the canvas (a resize redraws the whole map) without styles.css. */
const VISUALLY_HIDDEN = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

const ARROWS: Readonly<Record<string, Direction>> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

/** Applies new elements to the graph in place: existing nodes keep their identity, so nothing jumps. */
function applyElements(cy: cytoscape.Core, elements: readonly CanvasElement[]): void {
  const wanted = new Map(elements.map((e) => [e.data.id, e]));
  cy.batch(() => {
    cy.elements().forEach((el) => {
      const next = wanted.get(el.id());
      const parentChanged = next !== undefined && el.isNode() && (next.data.parent ?? undefined) !== (el.data('parent') as string | undefined);
      if (next === undefined || parentChanged) cy.remove(el);
    });
    const added: cytoscape.ElementDefinition[] = [];
    for (const e of elements) {
      const el = cy.getElementById(e.data.id);
      if (el.empty()) {
        added.push({
          group: e.group, data: e.data, classes: e.classes, selectable: e.data.kind !== 'badge', ...(e.position ? { position: { ...e.position } } : {}),
        });
        continue;
      }
      el.data(e.data);
      el.classes(e.classes);
      if (e.position && el.isNode() && el.isChildless()) el.position({ ...e.position });
    }
    if (added.length > 0) cy.add(added);
  });
  placeBadgePills(cy);
}

/**
 * Puts each pill on its machine's bottom border. The elements already carry this place for a
 * collapsed machine; an expanded one is a box sized by its children, known only to the graph.
 */
function placeBadgePills(cy: cytoscape.Core): void {
  cy.nodes('.badge').forEach((pill) => {
    const host = cy.getElementById(pill.data('host') as string);
    if (host.empty() || !host.isParent()) return;
    const box = host.boundingBox({ includeLabels: false, includeOverlays: false });
    pill.position({ x: (box.x1 + box.x2) / 2 + (pill.data('dx') as number), y: box.y2 });
  });
}

/**
 * The map canvas: the only component that touches the graph library. It draws a `MapView` at the
 * column layout's positions, keeps the viewport across refreshes, and turns taps, double taps,
 * right clicks and keys into the callbacks above.
 */
export function MapCanvas(props: MapCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscape.Core | undefined>(undefined);
  const fitted = useRef<string | undefined>(undefined);
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => {
    const cy = cytoscape({
      container: container.current, elements: [], layout: { name: 'preset' }, minZoom: 0.03, maxZoom: 3,
      boxSelectionEnabled: false, autoungrabify: true, selectionType: 'single', textureOnViewport: true, hideEdgesOnViewport: false,
    });
    cyRef.current = cy;
    // A double tap is two taps on the same node within DOUBLE_TAP_MS (cytoscape's own `dbltap`
    // also fires for two quick taps on different nodes).
    let lastTap: { id: string; at: number } | undefined;
    cy.on('tap', (event) => {
      const target = event.target as cytoscape.Core | cytoscape.SingularElementArgument;
      if (target !== cy && (target as cytoscape.SingularElementArgument).hasClass('badge')) {
        // A pill stands for its machine: select it and show its status.
        const host = (target as cytoscape.SingularElementArgument).data('host') as string;
        lastTap = undefined;
        callbacks.current.onSelect(host);
        callbacks.current.onBadge?.(host);
        return;
      }
      const id = target === cy ? undefined : (target as cytoscape.SingularElementArgument).id();
      callbacks.current.onSelect(id);
      // The input event's own time: a busy main thread must not turn a double click into two clicks.
      const now = (event.originalEvent as Event | undefined)?.timeStamp ?? performance.now();
      if (id !== undefined && lastTap?.id === id && now - lastTap.at < DOUBLE_TAP_MS && (target as cytoscape.SingularElementArgument).isNode()) {
        lastTap = undefined;
        callbacks.current.onToggle(id);
      } else {
        lastTap = id === undefined ? undefined : { id, at: now };
      }
    });
    cy.on('cxttap', 'node', (event) => {
      const target = event.target as cytoscape.NodeSingular;
      const node = target.hasClass('badge') ? cy.getElementById(target.data('host') as string) : target;
      const box = container.current?.getBoundingClientRect();
      const at = node.renderedPosition();
      callbacks.current.onSelect(node.id());
      callbacks.current.onMenu(node.id(), (box?.left ?? 0) + at.x, (box?.top ?? 0) + at.y);
    });
    const toClient = (b: { x1: number; y1: number; x2: number; y2: number }): ClientBox => {
      const box = container.current?.getBoundingClientRect();
      return { x1: (box?.left ?? 0) + b.x1, y1: (box?.top ?? 0) + b.y1, x2: (box?.left ?? 0) + b.x2, y2: (box?.top ?? 0) + b.y2 };
    };
    window.servicemapCanvas = {
      ids: () => cy.elements().map((el) => el.id()),
      clientPoint: (id) => {
        const el = cy.getElementById(id);
        if (el.empty()) return undefined;
        const box = container.current?.getBoundingClientRect();
        const at = el.isNode() ? el.renderedPosition() : (el as unknown as cytoscape.EdgeSingular).renderedMidpoint();
        return { x: (box?.left ?? 0) + at.x, y: (box?.top ?? 0) + at.y };
      },
      clientBox: (id) => {
        const el = cy.getElementById(id);
        return el.empty() ? undefined : toClient(el.renderedBoundingBox({ includeLabels: false, includeOverlays: false }));
      },
      badges: (machine) => cy.nodes('.badge').filter((pill) => pill.data('host') === machine)
        .sort((a, b) => (a as cytoscape.NodeSingular).position().x - (b as cytoscape.NodeSingular).position().x)
        .map((pill) => ({
          id: pill.id(), severity: pill.data('severity') as string, provider: pill.data('provider') as string, text: pill.data('label') as string,
          colour: pill.style('background-color') as string, box: toClient(pill.renderedBoundingBox({ includeLabels: false, includeOverlays: false })),
        })),
    };
    // The canvas shrinks when a pane opens: tell the graph (or it draws past its box) and scale
    // the view with the box around the same centre, so what was visible stays visible.
    let box = { w: 0, h: 0 };
    const resize = new ResizeObserver(() => {
      const w = container.current?.clientWidth ?? 0;
      const h = container.current?.clientHeight ?? 0;
      const zoom = cy.zoom();
      const pan = cy.pan();
      cy.resize();
      if (box.w > 0 && box.h > 0 && w > 0 && h > 0 && cy.nodes().nonempty()) {
        const centre = { x: (box.w / 2 - pan.x) / zoom, y: (box.h / 2 - pan.y) / zoom };
        const next = zoom * Math.min(w / box.w, h / box.h);
        cy.viewport({ zoom: next, pan: { x: w / 2 - centre.x * next, y: h / 2 - centre.y * next } });
      }
      box = { w, h };
    });
    if (container.current) resize.observe(container.current);
    return () => {
      resize.disconnect();
      cy.destroy();
      cyRef.current = undefined;
      delete window.servicemapCanvas;
    };
  }, []);

  useEffect(() => {
    cyRef.current?.style(canvasStyle(PALETTES[props.theme]));
  }, [props.theme]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const started = performance.now();
    const { elements, layoutMs } = canvasElements(props.view);
    applyElements(cy, elements);
    if (fitted.current !== props.fitKey) {
      fitted.current = props.fitKey;
      cy.fit(undefined, 40);
      if (cy.zoom() > 1.2) cy.zoom({ level: 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    }
    cy.one('render', () => {
      requestAnimationFrame(() => {
        callbacks.current.onDrawn?.({ nodes: cy.nodes().not('.badge').length, edges: cy.edges().length, layoutMs, totalMs: performance.now() - started });
      });
    });
    // An empty batch draws nothing: ask for a frame so `render` fires.
    cy.forceRender();
  }, [props.view, props.fitKey]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const current = cy.$(':selected');
    if (current.length === 1 && current.id() === props.selected) return;
    current.unselect();
    if (props.selected !== undefined) cy.getElementById(props.selected).select();
  }, [props.selected, props.view]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || props.centerOn === undefined) return;
    const node = cy.getElementById(props.centerOn.id);
    if (node.nonempty()) cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 0.9) }, { duration: 250 });
  }, [props.centerOn]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const cy = cyRef.current;
    if (!cy) return;
    const selected = props.selected === undefined ? cy.collection() : cy.getElementById(props.selected);
    const direction = ARROWS[event.key];
    if (direction !== undefined) {
      event.preventDefault();
      const nodes = cy.nodes().not('.badge').map((n) => ({ id: n.id(), ...(n as cytoscape.NodeSingular).position() }));
      const from = selected.nonempty() && selected.isNode() ? { id: selected.id(), ...(selected as unknown as cytoscape.NodeSingular).position() } : undefined;
      const next = nextNodeInDirection(nodes, from, direction);
      if (next !== undefined) {
        props.onSelect(next);
        cy.animate({ center: { eles: cy.getElementById(next) } }, { duration: 150 });
      }
    } else if (event.key === 'Enter' && selected.nonempty() && selected.isNode()) {
      event.preventDefault();
      props.onToggle(selected.id());
    } else if ((event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey) || event.key === 'm') && selected.nonempty() && selected.isNode()) {
      event.preventDefault();
      const box = container.current?.getBoundingClientRect();
      const at = selected.renderedPosition();
      props.onMenu(selected.id(), (box?.left ?? 0) + at.x, (box?.top ?? 0) + at.y);
    } else if (event.key === 'b' && selected.nonempty() && cy.nodes('.badge').some((pill) => pill.data('host') === selected.id())) {
      event.preventDefault();
      props.onBadge?.(selected.id());
    } else if (event.key === 'Escape') {
      props.onSelect(undefined);
    } else if (event.key === '+' || event.key === '=' || event.key === '-') {
      cy.zoom({ level: cy.zoom() * (event.key === '-' ? 0.8 : 1.25), renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    } else if (event.key === '0') {
      cy.fit(undefined, 40);
    }
  };

  // The canvas is pixels: the selected node, its status badges included, is told in words.
  const selectedNode = props.selected === undefined ? undefined : props.view.nodes.find((n) => n.id === props.selected);
  return (
    <>
      <div ref={container} className="map-canvas" role="application" tabIndex={0} onKeyDown={onKeyDown}
        aria-label="Dependency map. Arrow keys move between nodes, Enter expands or collapses, M opens the machine menu, B shows a machine's status badges, Escape clears the selection, plus and minus zoom, 0 fits."
        aria-describedby="map-selection-description" data-testid="map-canvas" />
      <p id="map-selection-description" className="visually-hidden" style={VISUALLY_HIDDEN} aria-live="polite" data-testid="map-selection-description">
        {selectedNode === undefined ? 'Nothing selected.' : `Selected: ${describeNode(selectedNode)}`}
      </p>
    </>
  );
}
