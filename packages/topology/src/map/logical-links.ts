import { canonicalIp, isLoopbackIp } from '../ip-address.js';
import type { AddressBook } from './address-book.js';
import { zeroCounters, type LinkCounters } from './failure-state.js';
import type { BoundPortRow, ConnectionRow } from './map-input.js';

/** A reported process at one end of a link. */
export interface LinkProcess {
  readonly process: string;
  readonly processName: string;
}

/**
 * One logical TCP dependency over the window: client → server:port. Both halves of a link seen
 * by two monitored machines (the client's outbound row and the server's inbound row) end up in
 * one LogicalLink.
 */
export interface LogicalLink {
  readonly client: {
    readonly ip: string;
    /** Monitored client machine; undefined for an agentless client (it joins a client group). */
    readonly machine?: string;
    readonly process?: LinkProcess;
  };
  readonly server: {
    readonly ip: string;
    readonly port: number;
    /** Monitored server machine; undefined for an agentless back-end (a discovered machine). */
    readonly machine?: string;
    /** Undefined when nobody reported accepting: the map shows a discovered acceptor (`ts-…`). */
    readonly process?: LinkProcess;
  };
  readonly counters: Readonly<LinkCounters>;
  /** Start of the first and of the last one-minute window the link was seen in (ms since the epoch). */
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  readonly selfLink: boolean;
}

interface HalfLink {
  readonly row: ConnectionRow;
  readonly sourceIp: string;
  readonly destinationIp: string;
  readonly counters: LinkCounters;
  firstSeenMs: number;
  lastSeenMs: number;
  selfLink: boolean;
}

/** Folds the rows of one (direction, machine, process, source, destination, port) over the window. */
function foldRows(rows: readonly ConnectionRow[]): HalfLink[] {
  const halves = new Map<string, HalfLink>();
  for (const row of rows) {
    const sourceIp = canonicalIp(row.sourceIp);
    const destinationIp = canonicalIp(row.destinationIp);
    const key = `${row.direction}|${row.machine}|${row.process}|${sourceIp}|${destinationIp}|${row.destinationPort}`;
    const first = Date.parse(row.timeGenerated);
    // A folded row (several minutes summed by storage) spans first…last; a plain row is one minute.
    const last = row.lastTimeGenerated === undefined ? first : Date.parse(row.lastTimeGenerated);
    let half = halves.get(key);
    if (!half) {
      half = { row, sourceIp, destinationIp, counters: zeroCounters(), firstSeenMs: first, lastSeenMs: last, selfLink: false };
      halves.set(key, half);
    }
    const counters = half.counters;
    counters.linksEstablished += row.linksEstablished;
    counters.linksTerminated += row.linksTerminated;
    counters.linksFailed += row.linksFailed;
    // Counters are kept from the client's side: an inbound row's "sent" went server → client.
    const inbound = row.direction === 'inbound';
    counters.bytesSent += inbound ? row.bytesReceived : row.bytesSent;
    counters.bytesReceived += inbound ? row.bytesSent : row.bytesReceived;
    // linksLive is a level (open at the minute's end), not a flow: the window's value is the
    // newest minute's, never the sum over minutes.
    if (last > half.lastSeenMs) counters.linksLive = row.linksLive;
    else if (last === half.lastSeenMs) counters.linksLive += row.linksLive;
    half.firstSeenMs = Math.min(half.firstSeenMs, first);
    half.lastSeenMs = Math.max(half.lastSeenMs, last);
    half.selfLink ||= row.selfLink;
  }
  return [...halves.values()];
}

/** The monitored machine at the far end of a half link, if any. */
function remoteMachine(half: HalfLink, remoteIp: string, book: AddressBook): string | undefined {
  if (half.selfLink || isLoopbackIp(remoteIp)) return half.row.machine;
  return book.machineOf(remoteIp);
}

function clientMachineOf(half: HalfLink, book: AddressBook): string | undefined {
  return half.row.direction === 'outbound' ? half.row.machine : remoteMachine(half, half.sourceIp, book);
}

function serverMachineOf(half: HalfLink, book: AddressBook): string | undefined {
  return half.row.direction === 'inbound' ? half.row.machine : remoteMachine(half, half.destinationIp, book);
}

/** Bound-port rows by `machine|port`, so finding a listener does not scan every row. */
type ListenerIndex = ReadonlyMap<string, readonly BoundPortRow[]>;

function indexListeners(ports: readonly BoundPortRow[]): ListenerIndex {
  const index = new Map<string, BoundPortRow[]>();
  for (const row of ports) {
    const key = `${row.machine}|${row.port}`;
    const rows = index.get(key);
    if (rows) rows.push(row);
    else index.set(key, [row]);
  }
  return index;
}

/**
 * Whether a row has an end on a focus machine. Both halves of a link resolve to the same two
 * machines, so dropping the other rows never splits a link; it saves folding the rest of the fleet.
 */
function touches(row: ConnectionRow, focus: ReadonlySet<string>, book: AddressBook): boolean {
  if (focus.has(row.machine)) return true;
  if (row.selfLink) return false;
  const remote = row.direction === 'outbound' ? row.destinationIp : row.sourceIp;
  const machine = book.machineOf(remote);
  return machine !== undefined && focus.has(machine);
}

/** Processes listening on (machine, ip or wildcard, port): who must have been meant. */
function listenersOf(ports: ListenerIndex, machine: string, ip: string, port: number): LinkProcess[] {
  const found = new Map<string, LinkProcess>();
  for (const row of ports.get(`${machine}|${port}`) ?? []) {
    const bound = canonicalIp(row.ip);
    if (bound !== ip && bound !== '0.0.0.0' && bound !== '::') continue;
    found.set(row.process, { process: row.process, processName: row.processName });
  }
  return [...found.values()];
}

function asProcess(half: HalfLink): LinkProcess {
  return { process: half.row.process, processName: half.row.processName };
}

function joinLinks(outs: readonly HalfLink[], ins: readonly HalfLink[], context: JoinContext): LogicalLink[] {
  const sample = outs[0] ?? ins[0];
  if (!sample) return [];
  const clientMachine = clientMachineOf(sample, context.book);
  const serverMachine = serverMachineOf(sample, context.book);
  const server = { ip: sample.destinationIp, port: sample.row.destinationPort, machine: serverMachine };
  const links: LogicalLink[] = [];
  const link = (client: LogicalLink['client'], process: LinkProcess | undefined, half: HalfLink, selfLink: boolean) =>
    links.push({
      client,
      server: { ...server, process },
      counters: half.counters,
      firstSeenMs: half.firstSeenMs,
      lastSeenMs: half.lastSeenMs,
      selfLink,
    });

  if (outs.length === 0) {
    // Only the server saw it: the client is agentless (or its agent missed it) → client group.
    for (const half of ins) link({ ip: half.sourceIp }, asProcess(half), half, half.selfLink);
    return links;
  }
  let servers: (LinkProcess | undefined)[] = ins.map(asProcess);
  if (servers.length === 0 && serverMachine !== undefined) {
    servers = listenersOf(context.listeners, serverMachine, server.ip, server.port);
  }
  if (servers.length === 0) servers = [undefined];
  // Client-side counters win: only the client sees failed attempts, and using one side only is
  // what keeps a link seen by both machines from counting twice.
  for (const half of outs) {
    const client = { ip: half.sourceIp, machine: clientMachine, process: asProcess(half) };
    const selfLink = half.selfLink || (serverMachine !== undefined && serverMachine === clientMachine);
    for (const process of servers) link(client, process, half, selfLink);
  }
  return links;
}

interface JoinContext {
  readonly book: AddressBook;
  readonly listeners: ListenerIndex;
}

/**
 * Turns the window's connection rows into logical links. Rows are matched on (client machine,
 * source IP, server machine, destination IP, port), machines resolved through the address book;
 * the source port is not in VMConnection, so when several client and server processes share
 * that key every client is linked to every server (rare: SO_REUSEPORT servers). With `focus`,
 * only links with an end on one of those machines are built.
 */
export function buildLogicalLinks(
  connections: readonly ConnectionRow[],
  boundPorts: readonly BoundPortRow[],
  book: AddressBook,
  focus?: ReadonlySet<string>,
): LogicalLink[] {
  const groups = new Map<string, { outs: HalfLink[]; ins: HalfLink[] }>();
  const rows = focus ? connections.filter((row) => touches(row, focus, book)) : connections;
  for (const half of foldRows(rows)) {
    const clientMachine = clientMachineOf(half, book) ?? '';
    const serverMachine = serverMachineOf(half, book) ?? '';
    const key = [clientMachine, half.sourceIp, serverMachine, half.destinationIp, half.row.destinationPort].join('|');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { outs: [], ins: [] }));
    (half.row.direction === 'outbound' ? group.outs : group.ins).push(half);
  }
  const context = { book, listeners: indexListeners(boundPorts) };
  return [...groups.values()].flatMap((group) => joinLinks(group.outs, group.ins, context));
}
