/**
 * Endpoints inside connection and acceptor names. A connection name is `{src}!{dst}!{port}`, so
 * its parts cannot contain `!`: a client group source spells its name with `!` turned into `@`
 * (`c@m@m-X@p@p-Y`), and every literal `@` inside a component is doubled so the single `@`
 * separators stay unambiguous (`m@t-0a0a0a0a@p@ts-m@@t-0a0a0a0a@@b@@b-0a0a0a0a_8880`).
 */
import type { ClientGroupTarget } from './resource-names.js';

/** One end of a connection or acceptor. */
export type Endpoint =
  | { readonly kind: 'process'; readonly machine: string; readonly process: string }
  | { readonly kind: 'port'; readonly machine: string; readonly port: string }
  | { readonly kind: 'clientGroup'; readonly group: ClientGroupTarget };

function escape(component: string): string {
  if (component.includes('!')) throw new Error(`name component contains '!': ${JSON.stringify(component)}`);
  return component.replaceAll('@', '@@');
}

/**
 * Splits on single `@`, reading `@@` as a literal `@`. Left to right is unambiguous because no
 * component starts or ends with `@` (names start with `m-`, `t-`, `p-`, `ts-`, `b-`).
 */
function splitComponents(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char !== '@') {
      current += char;
    } else if (text[i + 1] === '@') {
      current += '@';
      i++;
    } else {
      parts.push(current);
      current = '';
    }
  }
  parts.push(current);
  return parts;
}

function clientGroupComponents(group: ClientGroupTarget): string[] {
  switch (group.kind) {
    case 'machine':
      return ['m', group.machine];
    case 'process':
      return ['m', group.machine, 'p', group.process];
    case 'port':
      return ['m', group.machine, 'b', group.port];
  }
}

/** `m@{machine}@p@{process}`, `m@{machine}@b@{port}` or `c@m@{machine}[@p@{process}|@b@{port}]`. */
export function formatEndpoint(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'process':
      return ['m', endpoint.machine, 'p', endpoint.process].map(escape).join('@');
    case 'port':
      return ['m', endpoint.machine, 'b', endpoint.port].map(escape).join('@');
    case 'clientGroup':
      return ['c', ...clientGroupComponents(endpoint.group)].map(escape).join('@');
  }
}

function parseClientGroupComponents(parts: readonly string[]): ClientGroupTarget | undefined {
  const [m, machine, tag, child] = parts;
  if (m !== 'm' || !machine) return undefined;
  if (parts.length === 2) return { kind: 'machine', machine };
  if (parts.length !== 4 || !child) return undefined;
  if (tag === 'p') return { kind: 'process', machine, process: child };
  if (tag === 'b') return { kind: 'port', machine, port: child };
  return undefined;
}

/** Inverse of `formatEndpoint`; undefined when the text is not an endpoint. */
export function parseEndpoint(text: string): Endpoint | undefined {
  const parts = splitComponents(text);
  if (parts[0] === 'c') {
    const group = parseClientGroupComponents(parts.slice(1));
    return group ? { kind: 'clientGroup', group } : undefined;
  }
  const [m, machine, tag, child] = parts;
  if (parts.length !== 4 || m !== 'm' || !machine || !child) return undefined;
  if (tag === 'p') return { kind: 'process', machine, process: child };
  if (tag === 'b') return { kind: 'port', machine, port: child };
  return undefined;
}
