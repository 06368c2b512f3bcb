import { describe, expect, it } from 'vitest';
import { buildAddressBook } from './address-book.js';
import { A, B, C, connection, machineRow } from './map-test-rows.test-support.js';

describe('buildAddressBook', () => {
  it('resolves every inventory address of a machine, IPv6 and IPv4-mapped included', () => {
    const book = buildAddressBook([machineRow(A, ['10.0.0.1', '10.0.1.1'], ['FD00::1'])], []);
    expect(book.machineOf('10.0.0.1')).toBe(A);
    expect(book.machineOf('10.0.1.1')).toBe(A);
    expect(book.machineOf('fd00:0::1')).toBe(A);
    expect(book.machineOf('::ffff:10.0.0.1')).toBe(A);
    expect(book.machineOf('10.0.0.9')).toBeUndefined();
  });

  it('learns local ends from rows when inventory is missing', () => {
    const book = buildAddressBook([], [
      connection({ machine: A, direction: 'outbound', sourceIp: '10.0.0.1', destinationIp: '10.0.0.2' }),
      connection({ machine: B, direction: 'inbound', sourceIp: '10.0.0.1', destinationIp: '10.0.0.2' }),
    ]);
    expect(book.machineOf('10.0.0.1')).toBe(A);
    expect(book.machineOf('10.0.0.2')).toBe(B);
  });

  it('resolves neither loopback nor an address two machines claim', () => {
    const book = buildAddressBook([machineRow(A, ['127.0.0.1', '172.17.0.1']), machineRow(B, ['172.17.0.1']), machineRow(C, ['10.0.0.3'])], []);
    expect(book.machineOf('127.0.0.1')).toBeUndefined();
    expect(book.machineOf('172.17.0.1')).toBeUndefined();
    expect(book.machineOf('10.0.0.3')).toBe(C);
  });
});
