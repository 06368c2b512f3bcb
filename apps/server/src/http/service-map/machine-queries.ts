import type { Storage, StoredComputer, StoredProcess } from '../../storage/storage.js';
import type { MachineIdentity } from './stored-resources.js';
import type { TimeWindow } from './time-window.js';

/**
 * Inventory is re-sent hourly; an entity whose newest row is older than this before the asked
 * time is taken as gone from inventory lists (a single Get still finds its last version).
 */
export const INVENTORY_MAX_AGE_MS = 2 * 60 * 60_000;

const byMachine = <T extends { machine: string }>(a: T, b: T): number => (a.machine < b.machine ? -1 : a.machine > b.machine ? 1 : 0);
const byProcess = (a: StoredProcess, b: StoredProcess): number => (a.process < b.process ? -1 : a.process > b.process ? 1 : 0);

/** The reads behind the machine and process routes, all scoped to one workspace. */
export class MachineQueries {
  constructor(
    private readonly storage: Storage,
    private readonly workspaceId: string,
  ) {}

  /**
   * Machines that reported in the window (live mode), sorted by name, each with its newest
   * inventory not after the window end, or its identity alone when it never sent one.
   */
  async liveMachines(window: TimeWindow): Promise<(StoredComputer | MachineIdentity)[]> {
    const seen = await this.storage.machinesSeen({ workspaceId: this.workspaceId, from: window.from, to: window.to });
    if (seen.length === 0) return [];
    const rows = await this.storage.latestComputers({
      workspaceId: this.workspaceId, asOf: window.to, machines: seen.map((s) => s.machine),
    });
    const inventory = new Map(rows.map((row) => [row.machine, row]));
    return seen.map((s) => inventory.get(s.machine) ?? s).sort(byMachine);
  }

  /** Inventory mode: each machine's newest row not after `asOf` (and not older than the max age). */
  async inventoryMachines(asOf: Date): Promise<StoredComputer[]> {
    const rows = await this.storage.latestComputers({
      workspaceId: this.workspaceId, asOf, notBefore: new Date(asOf.getTime() - INVENTORY_MAX_AGE_MS),
    });
    return rows.sort(byMachine);
  }

  /** Every machine with inventory not after `asOf`, within retention (summaries' total). */
  async knownMachines(asOf: Date): Promise<StoredComputer[]> {
    return this.storage.latestComputers({ workspaceId: this.workspaceId, asOf });
  }

  /** One machine's newest inventory not after `asOf`, or its identity if it only reported activity. */
  async machine(machine: string, asOf: Date): Promise<StoredComputer | MachineIdentity | undefined> {
    const [row] = await this.storage.latestComputers({ workspaceId: this.workspaceId, asOf, machines: [machine] });
    if (row !== undefined) return row;
    // Activity without inventory (an agent whose first inventory was lost): still a machine.
    const seen = await this.storage.machinesSeen({
      workspaceId: this.workspaceId, from: new Date(0), to: new Date(asOf.getTime() + 1), machines: [machine],
    });
    return seen[0];
  }

  /** Whether the machine reported anything in the window. */
  async machineLive(machine: string, window: TimeWindow): Promise<boolean> {
    const seen = await this.storage.machinesSeen({ workspaceId: this.workspaceId, ...window, machines: [machine] });
    return seen.length > 0;
  }

  /** Process pools of a machine with connections or bound ports in the window, with their newest inventory. */
  async liveProcesses(machine: string, window: TimeWindow): Promise<StoredProcess[]> {
    const active = await this.activeProcessNames(machine, window);
    if (active.size === 0) return [];
    const rows = await this.storage.latestProcesses({ workspaceId: this.workspaceId, asOf: window.to, machines: [machine] });
    return rows.filter((row) => active.has(row.process)).sort(byProcess);
  }

  /** Inventory mode: a machine's process pools as of `asOf` (not older than the max age). */
  async inventoryProcesses(machine: string, asOf: Date): Promise<StoredProcess[]> {
    const rows = await this.storage.latestProcesses({
      workspaceId: this.workspaceId, asOf, notBefore: new Date(asOf.getTime() - INVENTORY_MAX_AGE_MS), machines: [machine],
    });
    return rows.sort(byProcess);
  }

  /** One process pool's newest inventory not after `asOf`. */
  async process(machine: string, process: string, asOf: Date): Promise<StoredProcess | undefined> {
    const rows = await this.storage.latestProcesses({ workspaceId: this.workspaceId, asOf, machines: [machine] });
    return rows.find((row) => row.process === process);
  }

  /** Whether a process pool had connections or bound ports in the window. */
  async processLive(machine: string, process: string, window: TimeWindow): Promise<boolean> {
    return (await this.activeProcessNames(machine, window)).has(process);
  }

  // Inventory rows are hourly, so activity (connections, listening ports) is what says "live"
  // within a ten-minute window.
  private async activeProcessNames(machine: string, window: TimeWindow): Promise<Set<string>> {
    const query = { workspaceId: this.workspaceId, from: window.from, to: window.to, machines: [machine] };
    const [connections, ports] = await Promise.all([this.storage.connections(query), this.storage.boundPorts(query)]);
    return new Set([...connections.map((c) => c.process), ...ports.map((p) => p.process)]);
  }
}
