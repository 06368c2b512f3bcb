import { readFileSync } from 'node:fs';

/**
 * Local IPv4 addresses from `/proc/PID/net/fib_trie`: each `/32 host LOCAL` entry follows the
 * line naming its address. This is the only procfs view of another namespace's IPv4 addresses
 * (os.networkInterfaces() sees just the agent's own namespace).
 */
export function parseFibTrieLocal(text: string): string[] {
  const found = new Set<string>();
  let last = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('|-- ')) last = line.slice(4);
    else if (line === '/32 host LOCAL' && last !== '') found.add(last);
  }
  return [...found];
}

/** IPv6 addresses from `/proc/PID/net/if_inet6` (32 hex digits per line), link-local excluded. */
export function parseIfInet6(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    const hex = line.slice(0, 32);
    if (!/^[0-9a-f]{32}$/.test(hex) || hex.startsWith('fe80')) continue;
    const groups = hex.match(/.{4}/g) ?? [];
    found.push(compressIpv6(groups.map((g) => g.replace(/^0+(?=.)/, ''))));
  }
  return found;
}

/** RFC 5952 text form: the longest run of two or more zero groups becomes `::`. */
function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLength && j - i >= 2) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

/**
 * The local addresses of the network namespace a process lives in, read through that process.
 * Empty when the process is gone or the files are unreadable.
 */
export function readNetnsAddresses(procRoot: string, pid: number | 'self'): string[] {
  const read = (file: string): string => {
    try {
      return readFileSync(`${procRoot}/${pid}/net/${file}`, 'utf8');
    } catch {
      return '';
    }
  };
  return [...parseFibTrieLocal(read('fib_trie')), ...parseIfInet6(read('if_inet6'))];
}
