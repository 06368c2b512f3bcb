import type { ConnectionFailureState, ProcessRole } from '@servicemap/protocol';
import type { StatusBadge, Severity } from './badges.js';

/** Where a node sits: the map is clients | focus | servers. */
export type Column = 'clients' | 'focus' | 'servers';

export type MapNodeKind = 'machine' | 'processGroup' | 'process' | 'clientGroup' | 'portGroup';

/** A node as the canvas draws it; every field is plain data. */
export interface MapNodeView {
  readonly id: string;
  readonly kind: MapNodeKind;
  readonly label: string;
  /** Second line: counts, ports, OS. */
  readonly sublabel: string;
  /** The compound node holding this one (an expanded machine, process group or port group). */
  readonly parent?: string;
  readonly column: Column;
  readonly roles: readonly ProcessRole[];
  readonly expandable: boolean;
  readonly expanded: boolean;
  readonly monitored: boolean;
  readonly focus: boolean;
  /** A member of the machine group the map is of (outlined). */
  readonly member: boolean;
  readonly badges: readonly StatusBadge[];
  readonly severity: Severity | 'none';
  /** The machine this node is or belongs to (undefined for client and port groups). */
  readonly machine?: string;
  /** The process resource name, for process nodes. */
  readonly process?: string;
}

/** Link counters summed over the connections an edge stands for. */
export interface EdgeFigures {
  readonly connections: number;
  readonly linksEstablished: number;
  readonly linksTerminated: number;
  readonly linksFailed: number;
  readonly linksLive: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
}

/** An edge between two visible nodes, standing for one or more connections. */
export interface MapEdgeView {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly failureState: ConnectionFailureState;
  readonly figures: EdgeFigures;
  readonly selfLink: boolean;
  /** Server ports the connections went to. */
  readonly ports: readonly number[];
  /** Connection resource names. */
  readonly connectionNames: readonly string[];
}

export interface MapView {
  readonly nodes: readonly MapNodeView[];
  readonly edges: readonly MapEdgeView[];
}
