import type { KustoType } from './compiled-query.js';
import { KqlCompileError } from './kql-error.js';
import type { Scalar, ScalarOp } from './plan.js';

/** Small constructors and coercions shared by the scalar checker and the function table. */

export const op = (name: ScalarOp, type: KustoType, ...args: Scalar[]): Scalar => ({ k: 'op', op: name, args, type });
export const param = (value: string | number | boolean | null, type: KustoType): Scalar => ({ k: 'param', value, type });

export const isNumeric = (t: KustoType): boolean => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';

/** Kusto's numeric promotion: int < long < real. */
export function numericResult(a: KustoType, b: KustoType): KustoType {
  if (a === 'real' || b === 'real' || a === 'decimal' || b === 'decimal') return 'real';
  if (a === 'long' || b === 'long') return 'long';
  return 'int';
}

/** A value as text, the way Kusto's `tostring` shows it (dynamic strings lose their quotes). */
export function asString(s: Scalar): Scalar {
  if (s.type === 'string' || s.type === 'guid') return s;
  if (s.type === 'dynamic') return op('dyn_to_string', 'string', s);
  return op('to_string', 'string', s);
}

/** Dynamic values compared with typed ones take the other side's type, as Kusto does. */
export function alignForComparison(a: Scalar, b: Scalar): [Scalar, Scalar] {
  const convert = (s: Scalar, to: KustoType): Scalar => {
    if (s.type !== 'dynamic' || to === 'dynamic') return s;
    if (to === 'string' || to === 'guid') return asString(s);
    if (isNumeric(to)) return op('to_real', 'real', s);
    if (to === 'bool') return op('to_bool', 'bool', s);
    if (to === 'datetime') return op('to_datetime', 'datetime', s);
    return s;
  };
  return [convert(a, b.type), convert(b, a.type)];
}

/** Kusto type names as written in `typeof(...)`, `to typeof`, `datatable` and `parse` patterns. */
export function kustoTypeName(name: string): KustoType | undefined {
  const map: Record<string, KustoType> = {
    bool: 'bool', boolean: 'bool', datetime: 'datetime', date: 'datetime', dynamic: 'dynamic', int: 'int', long: 'long',
    real: 'real', double: 'real', string: 'string', guid: 'guid', uniqueid: 'guid', decimal: 'decimal', timespan: 'timespan', time: 'timespan',
  };
  return map[name.toLowerCase()];
}

const isNullLiteral = (s: Scalar): boolean => s.k === 'param' && s.value === null;
const isText = (t: KustoType): boolean => t === 'string' || t === 'guid';

/** Whether Kusto lets two values be compared: same kind, both numbers, or one dynamic or null. */
export function comparable(a: Scalar, b: Scalar): boolean {
  if (a.type === b.type || isNullLiteral(a) || isNullLiteral(b)) return true;
  if (a.type === 'dynamic' || b.type === 'dynamic') return true;
  return (isNumeric(a.type) && isNumeric(b.type)) || (isText(a.type) && isText(b.type));
}

/** Throws a positioned `SemanticError` unless `s` has one of the allowed types (null literals pass). */
export function requireType(s: Scalar, allowed: readonly (KustoType | 'numeric')[], what: string, pos: number): void {
  if (isNullLiteral(s)) return;
  if (allowed.includes(s.type) || (allowed.includes('numeric') && isNumeric(s.type))) return;
  throw new KqlCompileError('SemanticError', `${what} expects ${allowed.join(' or ')}, not ${s.type}`, pos);
}
