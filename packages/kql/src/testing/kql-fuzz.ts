// The seeded query generator shared by the fuzz test and the differential test against Microsoft's
// analyzer: valid queries, mutations of them and random token soup, replayable from a seed.

/** Marker carried by every string literal of the corpus; it must never reach SQL. */
export const MARK = 'mark3r';

// Valid queries to mutate; every string literal carries the marker that must never reach SQL.
export const CORPUS = [
  `VMConnection | where Machine == "${MARK}" | summarize count() by Process`,
  `VMComputer | where HostName contains "${MARK}" or Ipv4Addresses has "${MARK}" | project HostName, Ipv4Addresses`,
  `search in (VMProcess) "*${MARK}*" | distinct Machine`,
  `VMProcess | parse CommandLine with * "${MARK}" x:int "/" y | project x, y`,
  `VMConnection | summarize arg_max(TimeGenerated, *) by Machine | where Direction in ("${MARK}", "b") | top 3 by BytesSent desc`,
  `let t = "${MARK}"; VMConnection | extend s = strcat(t, Process) | join kind=leftouter (VMProcess) on Process | take 5`,
  `VMConnection | where TimeGenerated > ago(1h) and ProcessName !startswith "${MARK}" | summarize sum(BytesSent) by bin(TimeGenerated, 5m) | render timechart`,
  `VMComputer | mv-expand ip = Ipv4Addresses to typeof(string) | where ip matches regex "${MARK}" | count`,
  `union VMConnection, VMBoundPort | where Process =~ "${MARK}" | project-away *Ip | sort by Process asc nulls last`,
  `print a = iff(strlen("${MARK}") > 3, case(1 > 2, "x", "y"), "z"), b = parse_json('{"k":"${MARK}"}').k, c = extract("(m)", 1, "${MARK}")`,
  `let total = toscalar(VMConnection | where Process != "${MARK}" | count); VMConnection | lookup (VMProcess | project Process, ExecutableName) on Process | extend share = 1.0 / total`,
  `search in (VM*) "${MARK}" or ("*a*" and not(* has "b")) | summarize count() by $table`,
  `VMProcess | where CommandLine has_any ("${MARK}", "x") or * has "${MARK}" | mv-expand p = Services.ports | extend d = datetime_add("day", 1, TimeGenerated) | project p, d`,
  `VMConnection | summarize make_set_if(Process, Direction == "${MARK}"), arg_max(BytesSent, Process) by bin_at(TimeGenerated, 1h, datetime(2024-05-01 00:30))`,
];
const ALPHABET = ['|', '(', ')', '[', ']', '"', "'", '=', '==', '!', '<', '>', '*', '.', ',', ';', ':', ' ', '\n', 'a', '1', '-', '..', '@', 'by', 'where', 'in', '~', '\\', '$', '{', '}'];

/** Deterministic generator, so a failure replays from its seed. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Same-kind substitutions keep a query parseable while changing its types and operators.
const SWAPS = [
  ['==', '!=', '=~', '!~', 'contains', '!contains', 'has', 'startswith', 'endswith', 'matches regex', '<', '>='],
  ['Machine', 'Process', 'BytesSent', 'TimeGenerated', 'DestinationPort', 'Ipv4Addresses', 'IsWildcardBind', 'HostName', 'CommandLine'],
  ['count()', 'dcount(Machine)', 'sum(BytesSent)', 'avg(BytesSent)', 'make_set(Process)', 'max(TimeGenerated)', 'percentile(BytesSent, 90)'],
  ['strlen', 'tolower', 'tostring', 'toint', 'isempty', 'array_length', 'parse_json', 'strcat', 'todatetime'],
  ['asc', 'desc', 'asc nulls first', 'desc nulls last'],
  ['5m', '1h', '1d', '90s', '100ms'],
  ['"b"', '1', '2.5', 'true', 'datetime(2024-05-01)', '1h', 'dynamic([1])', 'long(null)'],
];

function swap(text: string, next: () => number): string {
  const group = SWAPS[Math.floor(next() * SWAPS.length)] ?? [];
  const present = group.filter((w) => text.includes(w));
  const from = present[Math.floor(next() * present.length)];
  const to = group[Math.floor(next() * group.length)];
  return from === undefined || to === undefined ? text : text.replace(from, to);
}

/** One to three random edits of a query. */
export function mutate(text: string, next: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(next() * 3);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (out.length + 1));
    const kind = Math.floor(next() * 8);
    if (kind >= 4) out = swap(out, next);
    else if (kind === 0) out = out.slice(0, at) + (ALPHABET[Math.floor(next() * ALPHABET.length)] ?? '') + out.slice(at);
    else if (kind === 1) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 6));
    else if (kind === 2) out = out.slice(0, at) + out.slice(at, at + 8) + out.slice(at);
    else {
      const other = CORPUS[Math.floor(next() * CORPUS.length)] ?? '';
      const from = Math.floor(next() * other.length);
      out = out.slice(0, at) + other.slice(from, from + 12) + out.slice(at);
    }
  }
  return out;
}

/** A random sequence of KQL words. */
export function soup(next: () => number): string {
  const words = ['VMConnection', 'VMProcess', '|', 'where', 'project', 'summarize', 'count()', 'by', 'Machine', '==', `"${MARK}"`, 'and', '(', ')', 'join', 'on', 'extend', 'x', '=', '1', '1h', 'ago(1d)', 'take', 'sort', 'asc', ',', 'let', ';', 'search', 'in', 'mv-expand', 'dynamic([1])', 'datetime(2024-01-01)', 'parse', 'with', '*', 'union'];
  return Array.from({ length: 1 + Math.floor(next() * 14) }, () => words[Math.floor(next() * words.length)] ?? '').join(' ');
}
