import type { Machine, Process } from '@servicemap/protocol';
import { machineResource, processResource, type WorkspaceScope } from '@servicemap/topology';
import type { StoredComputer, StoredProcess } from '../../storage/storage.js';

/** What we know of a machine that reported activity but no inventory yet. */
export interface MachineIdentity {
  readonly machine: string;
  readonly agentId: string;
  readonly computer: string;
}

/**
 * A monitored machine from its inventory row (or identity alone), through topology's builder, so
 * a machine reads the same in a route and in a map.
 */
export function storedMachineResource(scope: WorkspaceScope, row: StoredComputer | MachineIdentity): Machine {
  return machineResource(scope, row.machine, true, 'timeGenerated' in row ? row : undefined);
}

/** A process pool from its newest inventory row; Azure has one role, ours are ordered like its enum. */
export function storedProcessResource(scope: WorkspaceScope, row: StoredProcess): Process {
  return processResource(scope, { machine: row.machine, name: row.process }, row, row.roles[0]);
}
