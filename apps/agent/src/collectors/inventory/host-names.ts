/** One line of hosts(5): an address and its names, canonical name first. */
export interface HostsEntry {
  readonly address: string;
  readonly names: readonly string[];
}

/** Parses hosts(5) text; comments (`#` to end of line) and lines without a name are ignored. */
export function parseHostsFile(text: string): HostsEntry[] {
  const entries: HostsEntry[] = [];
  for (const rawLine of text.split('\n')) {
    const fields = (rawLine.split('#', 1)[0] ?? '').trim().split(/\s+/);
    const [address, ...names] = fields;
    if (address === undefined || address === '' || names.length === 0) continue;
    entries.push({ address, names });
  }
  return entries;
}

/** The machine's names as the inventory reports them. */
export interface HostNames {
  /** Host name without its domain. */
  readonly hostName: string;
  readonly fullyQualifiedDomainName: string;
  /** The FQDN first, then every other name /etc/hosts gives this machine. */
  readonly dnsNames: string[];
}

/** What `hostNamesOf` works from: local sources only, never a DNS query. */
export interface HostNameSources {
  /** The kernel's host name (`os.hostname()`), possibly already fully qualified. */
  readonly kernelHostName: string;
  /** Contents of /etc/hostname, when readable. */
  readonly hostnameFile?: string;
  /** Contents of /etc/hosts, when readable. */
  readonly hostsFile?: string;
  /** This machine's own non-loopback addresses: hosts lines for them name this machine too. */
  readonly ownAddresses: readonly string[];
}

// Names every Linux hosts file gives to loopback; they say nothing about the machine.
const LOOPBACK_NAMES = new Set([
  'localhost', 'localhost.localdomain', 'localhost4', 'localhost4.localdomain4', 'localhost6',
  'localhost6.localdomain6', 'ip6-localhost', 'ip6-loopback', 'ip6-localnet', 'ip6-mcastprefix',
  'ip6-allnodes', 'ip6-allrouters', 'ip6-allhosts',
]);

function shortName(name: string): string {
  return name.split('.', 1)[0] ?? name;
}

/**
 * The machine's short name, FQDN and DNS names from local sources only, the way `hostname -f`
 * resolves through the `files` source: the hosts line that names this host gives the FQDN (its
 * canonical name, or an alias of the form `host.domain`). No DNS lookup: the agent may run where
 * the resolver hangs or the network is closed, and inventory must never wait on it.
 */
export function hostNamesOf(sources: HostNameSources): HostNames {
  const fileName = (sources.hostnameFile ?? '').trim().split(/\s+/)[0] ?? '';
  const kernelName = sources.kernelHostName.trim();
  const configured = kernelName !== '' ? kernelName : fileName;
  const hostName = shortName(configured);
  const entries = parseHostsFile(sources.hostsFile ?? '');
  const own = new Set(sources.ownAddresses);
  const naming = entries.filter(
    (entry) => own.has(entry.address) || entry.names.some((name) => name === configured || name === hostName),
  );
  const fullyQualifiedDomainName = fqdnOf(configured, hostName, naming);
  const names = [fullyQualifiedDomainName, ...naming.flatMap((entry) => entry.names)];
  const dnsNames = [...new Set(names.filter((name) => name !== '' && !LOOPBACK_NAMES.has(name.toLowerCase())))];
  return { hostName, fullyQualifiedDomainName, dnsNames };
}

function fqdnOf(configured: string, hostName: string, naming: readonly HostsEntry[]): string {
  if (configured.includes('.')) return configured;
  for (const entry of naming) {
    if (!entry.names.includes(hostName)) continue;
    const canonical = entry.names[0] ?? '';
    if (canonical.includes('.') && shortName(canonical) === hostName) return canonical;
    const alias = entry.names.find((name) => name.startsWith(`${hostName}.`));
    if (alias !== undefined) return alias;
  }
  return hostName;
}
