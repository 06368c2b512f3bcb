import cytoscape from 'cytoscape';
import elk from 'cytoscape-elk';
import { useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_BADGE_PROVIDERS } from '../badges.js';
import { buildMapView } from '../build-map-view.js';
import { makeSyntheticMap } from '../synthetic-map.js';
import { canvasElements } from './canvas-elements.js';
import { PALETTES } from './canvas-palette.js';
import { canvasStyle } from './canvas-style.js';
import { MapCanvas, type DrawStats } from './MapCanvas.js';

/** What the page reports to bench/web-map (bench support, not part of the UI bundle). */
export interface BenchResult extends DrawStats {
  readonly viewMs: number;
}

declare global {
  interface Window {
    benchResult?: BenchResult;
    /** Lays the same map out with ELK's layered algorithm (the baseline) and answers the layout time alone. */
    runElk?: () => Promise<number>;
  }
}

const params = new URLSearchParams(window.location.search);
const total = Number(params.get('nodes') ?? '1000');
// focus + clients + servers + one client group = total nodes.
const clients = Math.floor((total - 2) / 2);
const data = makeSyntheticMap({ clientMachines: clients, serverMachines: total - 2 - clients, agentlessClients: 5, agentlessServers: 0, failEvery: 10 });
const started = performance.now();

function BenchPage() {
  const view = useMemo(() => buildMapView(data, { expanded: new Set(), badgeProviders: DEFAULT_BADGE_PROVIDERS }), []);
  const viewMs = useMemo(() => performance.now() - started, []);
  const [selected, setSelected] = useState<string>();
  return (
    <div style={{ height: '100vh', display: 'flex' }} id="bench" data-selected={selected ?? ''}>
      <MapCanvas view={view} theme="light" fitKey="bench" onSelect={setSelected} onToggle={() => undefined} onMenu={() => undefined}
        {...(selected === undefined ? {} : { selected })}
        onDrawn={(stats) => { window.benchResult ??= { ...stats, viewMs, totalMs: performance.now() - started }; }} />
    </div>
  );
}

window.runElk = async () => {
  cytoscape.use(elk);
  const view = buildMapView(data, { expanded: new Set(), badgeProviders: DEFAULT_BADGE_PROVIDERS });
  const elements = canvasElements(view).elements.map((e) => ({ group: e.group, data: e.data }));
  const cy = cytoscape({ headless: true, elements, style: canvasStyle(PALETTES.light) });
  const begun = performance.now();
  await new Promise<void>((done) => {
    const layout = cy.layout({ name: 'elk', elk: { algorithm: 'layered', 'elk.direction': 'RIGHT' } } as cytoscape.LayoutOptions);
    layout.one('layoutstop', () => { done(); });
    layout.run();
  });
  const ms = performance.now() - begun;
  cy.destroy();
  return ms;
};

const root = document.getElementById('root');
if (root !== null) createRoot(root).render(<BenchPage />);
