import { describe, expect, it } from 'vitest';
import { hostNamesOf, parseHostsFile } from './host-names.js';

const DEBIAN_HOSTS = `127.0.0.1\tlocalhost
127.0.1.1\tweb01.example.com\tweb01

# The following lines are desirable for IPv6 capable hosts
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
10.0.0.5 web01-backend.internal www.example.com  # service name
`;

describe('parseHostsFile', () => {
  it('reads addresses and names, dropping comments and blank lines', () => {
    expect(parseHostsFile(DEBIAN_HOSTS)).toEqual([
      { address: '127.0.0.1', names: ['localhost'] },
      { address: '127.0.1.1', names: ['web01.example.com', 'web01'] },
      { address: '::1', names: ['localhost', 'ip6-localhost', 'ip6-loopback'] },
      { address: 'ff02::1', names: ['ip6-allnodes'] },
      { address: '10.0.0.5', names: ['web01-backend.internal', 'www.example.com'] },
    ]);
  });

  it('skips an address without names', () => {
    expect(parseHostsFile('10.0.0.1\n\n   \n')).toEqual([]);
  });
});

describe('hostNamesOf', () => {
  it('takes the FQDN from the hosts line naming the host, and names from lines for its addresses', () => {
    const names = hostNamesOf({ kernelHostName: 'web01', hostsFile: DEBIAN_HOSTS, ownAddresses: ['10.0.0.5'] });
    expect(names).toEqual({
      hostName: 'web01',
      fullyQualifiedDomainName: 'web01.example.com',
      dnsNames: ['web01.example.com', 'web01', 'web01-backend.internal', 'www.example.com'],
    });
  });

  it('uses an alias of the form host.domain when the canonical name is short', () => {
    const names = hostNamesOf({ kernelHostName: 'db', hostsFile: '10.1.1.1 db db.corp.lan\n', ownAddresses: [] });
    expect(names.fullyQualifiedDomainName).toBe('db.corp.lan');
  });

  it('keeps an already qualified kernel host name and shortens the host name', () => {
    const names = hostNamesOf({ kernelHostName: 'app7.prod.example.org', hostsFile: '', ownAddresses: [] });
    expect(names).toEqual({
      hostName: 'app7',
      fullyQualifiedDomainName: 'app7.prod.example.org',
      dnsNames: ['app7.prod.example.org'],
    });
  });

  it('falls back to the short name, never to loopback names (a microVM with 127.0.0.1 vm)', () => {
    const hosts = '127.0.0.1 localhost\n127.0.0.1 runsc\n127.0.0.1 vm\n';
    expect(hostNamesOf({ kernelHostName: 'vm', hostnameFile: 'vm\n', hostsFile: hosts, ownAddresses: ['192.0.2.2'] })).toEqual({
      hostName: 'vm',
      fullyQualifiedDomainName: 'vm',
      dnsNames: ['vm'],
    });
  });

  it('uses /etc/hostname when the kernel name is empty, and copes with no hosts file', () => {
    const names = hostNamesOf({ kernelHostName: '', hostnameFile: 'box.lan\n', ownAddresses: [] });
    expect(names).toEqual({ hostName: 'box', fullyQualifiedDomainName: 'box.lan', dnsNames: ['box.lan'] });
  });

  it('does not take a domain from a different host sharing the prefix', () => {
    const names = hostNamesOf({ kernelHostName: 'web', hostsFile: '10.0.0.9 web2.example.com web\n', ownAddresses: [] });
    expect(names.fullyQualifiedDomainName).toBe('web');
  });
});
