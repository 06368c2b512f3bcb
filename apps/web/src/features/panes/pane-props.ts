import type { MapData } from '../service-map/map-data.js';
import type { MapView } from '../service-map/map-view.js';

/** What every pane gets: the map, the drawn view, the selected id, and the actions panes offer. */
export interface PaneProps {
  readonly data: MapData;
  readonly view: MapView;
  readonly id: string;
  readonly onLogSearch: (query: string) => void;
  readonly onRefocus: (machine: string) => void;
}
