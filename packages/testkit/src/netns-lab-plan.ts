/**
 * Pure naming and addressing for {@link NetnsLab}: which namespaces a lab creates and which
 * addresses its hosts get. Kept apart from the `ip` calls so it can be tested without root.
 */

/** Every lab namespace starts with this, then the creator's pid: `smlab-<pid>-<labId>-<host>`. */
export const LAB_PREFIX = 'smlab-';

/** One host of a planned lab. */
export interface LabHostPlan {
  readonly name: string;
  readonly netns: string;
  /** Bridge-side veth name (inside the bridge namespace). */
  readonly bridgePort: string;
  readonly ip: string;
  readonly ip6: string;
}

/** The namespaces and addresses of a lab. */
export interface LabPlan {
  readonly prefix: string;
  readonly bridgeNetns: string;
  readonly subnet: number;
  readonly hosts: readonly LabHostPlan[];
  /**
   * Root-namespace end of the optional veth into the bridge (`sm<pid><labId>`, under the 15
   * characters Linux allows) and its address, 10.213.<subnet>.254: no host gets .254 (200 at most).
   */
  readonly rootLink: string;
  readonly rootIp: string;
}

const HOST_NAME = /^[a-z][a-z0-9]{0,11}$/;

/**
 * Plans a lab: hosts get 10.213.<subnet>.<i+1>/24 and fd00:213:<subnet hex>::<i+1>/64. `subnet`
 * is 1..254 so every IPv6 address has a non-zero third group and prints as planned.
 */
export function planLab(creatorPid: number, labId: string, hostNames: readonly string[], subnet: number): LabPlan {
  if (!Number.isInteger(subnet) || subnet < 1 || subnet > 254) throw new Error(`subnet must be 1..254, got ${subnet}`);
  if (hostNames.length === 0 || hostNames.length > 200) throw new Error('a lab has 1..200 hosts');
  if (new Set(hostNames).size !== hostNames.length) throw new Error('host names must be unique');
  const prefix = `${LAB_PREFIX}${creatorPid}-${labId}-`;
  const hosts = hostNames.map((name, i) => {
    if (!HOST_NAME.test(name) || name === 'br') throw new Error(`bad host name ${JSON.stringify(name)}: use [a-z][a-z0-9]{0,11}, not "br"`);
    return {
      name,
      netns: `${prefix}${name}`,
      bridgePort: `v${i}`,
      ip: `10.213.${subnet}.${i + 1}`,
      ip6: `fd00:213:${subnet.toString(16)}::${(i + 1).toString(16)}`,
    };
  });
  return {
    prefix, bridgeNetns: `${prefix}br`, subnet, hosts,
    rootLink: `sm${creatorPid}${labId}`.slice(0, 15),
    rootIp: `10.213.${subnet}.254`,
  };
}

/** The creator pid of a lab namespace name, or undefined when the name is not a lab's. */
export function labCreatorPid(netnsName: string): number | undefined {
  const m = /^smlab-(\d+)-/.exec(netnsName);
  return m ? Number(m[1]) : undefined;
}

/** Namespace names from `ip netns list` output (`name (id: 3)` or `name`). */
export function parseNetnsList(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
}
