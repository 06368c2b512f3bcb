import { describe, expect, it } from 'vitest';
import { indexInventory, rowsInWindow } from './map-inventory.js';
import { A, connection, machineRow } from './map-test-rows.test-support.js';

const window = { startTime: '2026-11-25T10:00:30.000Z', endTime: '2026-11-25T10:05:00.000Z' };

describe('rowsInWindow', () => {
  it('keeps rows whose minute overlaps the window', () => {
    const at = (timeGenerated: string) => connection({ machine: A, direction: 'outbound', timeGenerated });
    const rows = ['2026-11-25T09:59:00.000Z', '2026-11-25T10:00:00.000Z', '2026-11-25T10:04:00Z', '2026-11-25T10:05:00.000Z'].map(at);
    expect(rowsInWindow(rows, window).map((r) => r.timeGenerated)).toEqual(['2026-11-25T10:00:00.000Z', '2026-11-25T10:04:00Z']);
  });
});

describe('indexInventory', () => {
  it('takes the newest row per machine not after the window end', () => {
    const rows = [
      machineRow(A, ['10.0.0.1'], [], '2026-11-25T09:00:00.000Z'),
      machineRow(A, ['10.0.0.2'], [], '2026-11-25T10:01:00Z'),
      machineRow(A, ['10.0.0.3'], [], '2026-11-25T10:06:00.000Z'),
    ];
    expect(indexInventory(rows, [], window).machines.get(A)?.ipv4Interfaces[0]?.ipAddress).toBe('10.0.0.2');
  });
});
