import type { MapData } from '../service-map/map-data.js';
import type { MapView } from '../service-map/map-view.js';

/** What every pane gets: the map, the drawn view, the selected id, and the actions panes offer. */
export interface PaneProps {
  readonly data: MapData;
  readonly view: MapView;
  readonly id: string;
  readonly onLogSearch: (query: string) => void;
  readonly onRefocus: (machine: string) => void;
  /** Counts the requests to show the selected machine's status (badge clicks); 0 for none yet. */
  readonly statusRequest?: number;
}
