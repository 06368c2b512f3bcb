import type { LogicalLink } from './logical-links.js';
import { focusMachinesOf, type MapScope } from './map-input.js';

/** The links a map draws, and how many self-links it left out. */
export interface LinkSelection {
  readonly links: readonly LogicalLink[];
  /** Self-links touching the focus that were hidden (so the UI can offer to show them). */
  readonly hiddenSelfLinks: number;
}

/** `machine|process` of the client end, when it is a known process on a monitored machine. */
function clientKey(link: LogicalLink): string | undefined {
  const { machine, process } = link.client;
  return machine !== undefined && process !== undefined ? `${machine}|${process.process}` : undefined;
}

/** `machine|process` of the server end on a monitored machine (the port stands in for an unknown process). */
function serverKey(link: LogicalLink): string | undefined {
  const { machine, process, ip, port } = link.server;
  if (machine === undefined) return undefined;
  return `${machine}|${process?.process ?? `port:${ip}:${port}`}`;
}

/** Processes on focus machines that talk to another focus machine. */
function groupConnectedProcesses(links: readonly LogicalLink[], focus: ReadonlySet<string>): Set<string> {
  const connected = new Set<string>();
  for (const link of links) {
    const client = link.client.machine;
    const server = link.server.machine;
    if (client === undefined || server === undefined || client === server) continue;
    if (!focus.has(client) || !focus.has(server)) continue;
    const keys = [clientKey(link), serverKey(link)];
    for (const key of keys) if (key !== undefined) connected.add(key);
  }
  return connected;
}

/**
 * The links of a map: every link with an end on a focus machine, so remote monitored machines
 * show only the processes that talk to the focus. Self-links are dropped unless asked for. With
 * `filterProcesses`, only the processes that talk to another machine of the set stay, with every
 * connection in or out of them.
 */
export function selectLinks(links: readonly LogicalLink[], scope: MapScope, showSelfLinks: boolean): LinkSelection {
  const focus = new Set(focusMachinesOf(scope));
  const touching = links.filter(
    (link) =>
      (link.client.machine !== undefined && focus.has(link.client.machine)) ||
      (link.server.machine !== undefined && focus.has(link.server.machine)),
  );
  const visible = showSelfLinks ? touching : touching.filter((link) => !link.selfLink);
  const hiddenSelfLinks = touching.length - visible.length;
  if (scope.kind === 'single' || !scope.filterProcesses) return { links: visible, hiddenSelfLinks };
  const connected = groupConnectedProcesses(visible, focus);
  const kept = visible.filter((link) => {
    const client = clientKey(link);
    const server = serverKey(link);
    return (client !== undefined && connected.has(client)) || (server !== undefined && connected.has(server));
  });
  return { links: kept, hiddenSelfLinks };
}
