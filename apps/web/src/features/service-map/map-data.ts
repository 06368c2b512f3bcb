import type { MapResponse } from '@servicemap/protocol';
import type { MapAnnotations } from '@servicemap/topology';

/** What the UI's map route answers: Azure's map and topology's annotations. */
export interface MapData {
  readonly response: MapResponse;
  readonly annotations: MapAnnotations;
}
