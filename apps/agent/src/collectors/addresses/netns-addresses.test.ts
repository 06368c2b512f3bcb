import { describe, expect, it } from 'vitest';
import { parseFibTrieLocal, parseIfInet6 } from './netns-addresses.js';

const FIB = `Main:
  +-- 0.0.0.0/0 3 0 5
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 10.0.0.0/24 2 0 2
           |-- 10.0.0.0
              /24 link UNICAST
           |-- 10.0.0.7
              /32 host LOCAL
           |-- 10.0.0.8
              /32 host LOCAL
Local:
           |-- 10.0.0.7
              /32 host LOCAL
`;

describe('namespace addresses', () => {
  it('takes the /32 host LOCAL entries of fib_trie, once each', () => {
    expect(parseFibTrieLocal(FIB)).toEqual(['127.0.0.1', '10.0.0.7', '10.0.0.8']);
  });

  it('reads if_inet6 in compressed form and leaves link-local addresses out', () => {
    const text = [
      'fe8000000000000000fc00fffe000001 04 40 20 80     eth0',
      'fd000000000000000000000000000002 04 40 00 82     eth0',
      '00000000000000000000000000000001 01 80 10 80       lo',
      '20010db8000100000000000000000abc 05 40 00 80     eth1',
    ].join('\n');
    expect(parseIfInet6(text)).toEqual(['fd00::2', '::1', '2001:db8:1::abc']);
  });
});
