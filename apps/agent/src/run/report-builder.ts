import { randomUUID } from 'node:crypto';
import {
  AGENT_BATCH_TARGET_JSON_BYTES,
  PROTOCOL_VERSION,
  type AgentHealth,
  type AgentReport,
  type BoundPortRecord,
  type ConnectionRecord,
  type MachineInventory,
  type ProcessInventory,
} from '@servicemap/protocol';
import { inventoryFingerprint } from './process-inventory.js';

export const INVENTORY_REFRESH_MS = 60 * 60 * 1000;

/**
 * Decides when inventory goes out (at start, on change, and hourly, as the product documents)
 * and cuts each closed window into reports small enough for one request.
 */
export class ReportBuilder {
  readonly #agentId: string;
  readonly #machine: string;
  #machineFingerprint = '';
  #machineSentAtMs = -Infinity;
  readonly #processSent = new Map<string, { fingerprint: string; atMs: number }>();

  constructor(agentId: string) {
    this.#agentId = agentId;
    this.#machine = `m-${agentId}`;
  }

  /** The machine inventory if it is due (first time, changed, or an hour old), else undefined. */
  machineIfDue(inventory: MachineInventory, nowMs: number): MachineInventory | undefined {
    const { timeGenerated: _t, ...stable } = inventory;
    const fingerprint = JSON.stringify(stable);
    if (fingerprint === this.#machineFingerprint && nowMs - this.#machineSentAtMs < INVENTORY_REFRESH_MS) return undefined;
    this.#machineFingerprint = fingerprint;
    this.#machineSentAtMs = nowMs;
    return inventory;
  }

  /** The process rows that are due: new pools, changed pools, and pools not sent for an hour. */
  processesDue(rows: readonly ProcessInventory[], nowMs: number): ProcessInventory[] {
    const due: ProcessInventory[] = [];
    for (const row of rows) {
      const fingerprint = inventoryFingerprint(row);
      const sent = this.#processSent.get(row.process);
      if (sent && sent.fingerprint === fingerprint && nowMs - sent.atMs < INVENTORY_REFRESH_MS) continue;
      this.#processSent.set(row.process, { fingerprint, atMs: nowMs });
      due.push(row);
    }
    return due;
  }

  /**
   * Builds the reports for one closed window. Records are split over several reports when one
   * would pass the size the server is sure to take; inventory rides with the first.
   */
  build(
    parts: {
      computer: MachineInventory | undefined;
      processes: readonly ProcessInventory[];
      connections: readonly ConnectionRecord[];
      boundPorts: readonly BoundPortRecord[];
    },
    health: AgentHealth,
    nowMs: number,
  ): AgentReport[] {
    // ~400 bytes per record as JSON; chunk on the count so we never serialise twice.
    const perReport = Math.max(1000, Math.floor(AGENT_BATCH_TARGET_JSON_BYTES / 400));
    const reports: AgentReport[] = [];
    const records = [...parts.connections.map((c) => ({ c })), ...parts.boundPorts.map((b) => ({ b }))];
    let first = true;
    for (let i = 0; first || i < records.length; i += perReport) {
      const chunk = records.slice(i, i + perReport);
      const report: AgentReport = {
        protocolVersion: PROTOCOL_VERSION,
        batchId: randomUUID(),
        agentId: this.#agentId,
        machine: this.#machine,
        sentAt: new Date(nowMs).toISOString(),
        processes: first ? [...parts.processes] : [],
        connections: chunk.flatMap((r) => ('c' in r ? [r.c] : [])),
        boundPorts: chunk.flatMap((r) => ('b' in r ? [r.b] : [])),
        health,
      };
      if (first && parts.computer) report.computer = parts.computer;
      reports.push(report);
      first = false;
    }
    return reports;
  }
}
