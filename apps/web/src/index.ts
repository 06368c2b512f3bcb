/**
 * @servicemap/web: the browser UI (entry `main.tsx`, bundled by scripts/build.mjs). This module
 * exports its pure parts, which run anywhere: the map view model, the column layout, the badge
 * model integrations plug into, and the URL view state.
 */
export { buildMapView, processNodeId, type MapViewOptions } from './features/service-map/build-map-view.js';
export { layoutColumns, LAYOUT, type LayoutNode, type Point } from './features/service-map/column-layout.js';
export {
  badgesOf, connectionHealthBadges, DEFAULT_BADGE_PROVIDERS, worstSeverity,
  type BadgeProvider, type MachineFacts, type Severity, type StatusBadge,
} from './features/service-map/badges.js';
export type { MapData } from './features/service-map/map-data.js';
export type { Column, EdgeFigures, MapEdgeView, MapNodeKind, MapNodeView, MapView } from './features/service-map/map-view.js';
export { makeSyntheticMap, type SyntheticMapShape } from './features/service-map/synthetic-map.js';
export { formatViewState, parseViewState, refocus, toggleExpanded, type MapSubject, type ViewState } from './view/view-state.js';
export { decodeRange, encodeRange, resolveRange, type TimeRange } from './view/time-range.js';
