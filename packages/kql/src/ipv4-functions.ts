import { arg, arity, type Fn } from './function-args.js';
import { KqlCompileError } from './kql-error.js';
import type { Scalar } from './plan.js';
import { isNumeric, op, param, requireType } from './scalar-types.js';

/**
 * Kusto's IPv4 functions. Every address argument becomes one `ipv4_parse`: the address and its
 * prefix packed in a long (`ip * 64 + prefix`), NULL when the text is not a dotted quad with an
 * optional `/0`…`/32` (so IPv6 addresses and junk give null, or '' where Kusto formats). The
 * other operations read packed values, which lets each dialect parse a column once per row.
 */

const INTEGER = ['int', 'long'] as const;

/** A dotted quad and an optional prefix, as groups; octet and prefix ranges are checked after. No backslashes, for ClickHouse's string escapes. */
export const IPV4_PATTERN = '^([0-9]{1,3})[.]([0-9]{1,3})[.]([0-9]{1,3})[.]([0-9]{1,3})(?:/([0-9]{1,2}))?$';

/** An address argument: a string (Kusto's analyzer accepts no other type for these). */
function address(s: Scalar, name: string, pos: number): Scalar {
  requireType(s, ['string'], `${name}()`, pos);
  return op('ipv4_parse', 'long', s);
}

function prefix(s: Scalar, name: string, pos: number): Scalar {
  requireType(s, INTEGER, `${name}()`, pos);
  return s;
}

/** `format_ipv4`'s first argument may also be the address as a number (big-endian long). */
function addressOrNumber(s: Scalar, name: string, pos: number): Scalar {
  if (s.type === 'string' || s.type === 'dynamic' || isNumeric(s.type) || (s.k === 'param' && s.value === null)) return op('ipv4_parse', 'long', s);
  throw new KqlCompileError('Unsupported', `${name}() of a ${s.type} is not supported`, pos);
}

/** ipv4_compare and ipv4_is_match: both addresses under the shortest of their prefixes and the optional one. */
const compare = (name: string) => (args: Scalar[], pos: number): Scalar => {
  arity(name, args, 2, 3, pos);
  const operands = [address(arg(args, 0), name, pos), address(arg(args, 1), name, pos)];
  if (args.length === 3) operands.push(prefix(arg(args, 2), name, pos));
  return op('ipv4_compare', 'long', ...operands);
};

export const IPV4_FUNCTIONS: Record<string, Fn> = {
  parse_ipv4: (args, pos) => {
    arity('parse_ipv4', args, 1, 1, pos);
    return op('ipv4_masked', 'long', address(arg(args, 0), 'parse_ipv4', pos));
  },
  parse_ipv4_mask: (args, pos) => {
    arity('parse_ipv4_mask', args, 2, 2, pos);
    return op('ipv4_masked', 'long', address(arg(args, 0), 'parse_ipv4_mask', pos), prefix(arg(args, 1), 'parse_ipv4_mask', pos));
  },
  ipv4_compare: compare('ipv4_compare'),
  ipv4_is_match: (args, pos) => op('eq', 'bool', compare('ipv4_is_match')(args, pos), param(0, 'long')),
  ipv4_is_in_range: (args, pos) => {
    arity('ipv4_is_in_range', args, 2, 2, pos);
    return op('ipv4_in_range', 'bool', address(arg(args, 0), 'ipv4_is_in_range', pos), address(arg(args, 1), 'ipv4_is_in_range', pos));
  },
  ipv4_is_in_any_range: (args, pos) => {
    if (args.length < 2) throw new KqlCompileError('SemanticError', 'ipv4_is_in_any_range() takes an address and at least one range', pos);
    const ip = address(arg(args, 0), 'ipv4_is_in_any_range', pos);
    const ranges = args.slice(1);
    // One dynamic array of ranges, or ranges as strings: Kusto's analyzer refuses a mix.
    if (ranges.length === 1 && arg(ranges, 0).type === 'dynamic') return op('ipv4_in_any', 'bool', ip, arg(ranges, 0));
    // Three-valued OR: true when any range holds the address, null when none does but one did not parse.
    return ranges
      .map((r) => op('ipv4_in_range', 'bool', ip, address(r, 'ipv4_is_in_any_range', pos)))
      .reduce((a, b) => op('or', 'bool', a, b));
  },
  ipv4_is_private: (args, pos) => {
    arity('ipv4_is_private', args, 1, 1, pos);
    return op('ipv4_is_private', 'bool', address(arg(args, 0), 'ipv4_is_private', pos));
  },
  ipv4_netmask_suffix: (args, pos) => {
    arity('ipv4_netmask_suffix', args, 1, 1, pos);
    return op('ipv4_suffix', 'long', address(arg(args, 0), 'ipv4_netmask_suffix', pos));
  },
  format_ipv4: (args, pos) => {
    arity('format_ipv4', args, 1, 2, pos);
    const rest = args.length === 2 ? [prefix(arg(args, 1), 'format_ipv4', pos)] : [];
    return op('format_ipv4', 'string', addressOrNumber(arg(args, 0), 'format_ipv4', pos), ...rest);
  },
  // Documented with an optional prefix, but Kusto's analyzer requires it; we follow the analyzer.
  format_ipv4_mask: (args, pos) => {
    arity('format_ipv4_mask', args, 2, 2, pos);
    return op('format_ipv4_mask', 'string', addressOrNumber(arg(args, 0), 'format_ipv4_mask', pos), prefix(arg(args, 1), 'format_ipv4_mask', pos));
  },
};
