import type { Scalar, ScalarOp } from './plan.js';

/**
 * Text tests that are false for an empty string whenever their constant is not empty: for these a
 * NULL column (NULL result, which a filter drops) and '' (false) keep the same rows, so the column
 * needs no coalesce. `not` reads NULL as false before negating, so it keeps that equivalence.
 */
const FALSE_ON_EMPTY: ReadonlySet<ScalarOp> = new Set<ScalarOp>([
  'eq', 'eq_ci', 'contains', 'contains_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs',
]);

const nonEmptyConstant = (s: Scalar | undefined): boolean => s?.k === 'param' && typeof s.value === 'string' && s.value !== '';

/**
 * A `where` predicate with its column-against-constant text tests marked `bare` (read without
 * coalesce): DuckDB pushes `col = 'x'` and `contains(col, 'x')` into the scan and evaluates them once
 * per dictionary entry, while `coalesce(col, '')` makes it test every row (5.8x slower `contains`
 * on a 2M-row column, bench/RESULTS.md). Only through and/or/not at the top of the predicate, where
 * a NULL and false keep the same rows; a test inside a value (`extend b = x == "a"`) stays as it was.
 */
export function bareTextTests(predicate: Scalar): Scalar {
  if (predicate.k !== 'op') return predicate;
  if (predicate.op === 'and' || predicate.op === 'or' || predicate.op === 'not') {
    return { ...predicate, args: predicate.args.map(bareTextTests) };
  }
  const [subject, constant, ...rest] = predicate.args;
  if (!FALSE_ON_EMPTY.has(predicate.op) || subject?.k !== 'col' || rest.length > 0 || !nonEmptyConstant(constant)) return predicate;
  if (subject.type !== 'string' && subject.type !== 'guid') return predicate;
  return { ...predicate, args: [{ ...subject, bare: true }, constant as Scalar] };
}
