import { arg, arity, constantString, type Fn } from './function-args.js';
import type { Scalar, ScalarOp } from './plan.js';
import { op, param, requireType } from './scalar-types.js';

/**
 * `startof…`/`endof…` with Kusto's optional offset (whole periods), and `format_timespan`. The
 * ends are built from the starts: the start of the next period less one microsecond, our
 * datetimes' resolution (Kusto's is 100 ns, so it prints …59.9999999 where we print …59.999999).
 */

type Period = 'day' | 'week' | 'month' | 'year';

function periodStart(period: Period, date: Scalar, offset: Scalar | undefined): Scalar {
  const start = op(`startof${period}` as ScalarOp, 'datetime', date);
  return offset ? op('datetime_add', 'datetime', param(period, 'string'), offset, start) : start;
}

function startOf(period: Period): Fn {
  const name = `startof${period}`;
  return (args, pos) => {
    arity(name, args, 1, 2, pos);
    requireType(arg(args, 0), ['datetime'], `${name}()`, pos);
    if (args.length === 2) requireType(arg(args, 1), ['int', 'long'], `${name}()`, pos);
    return periodStart(period, arg(args, 0), args[1]);
  };
}

function endOf(period: Period): Fn {
  const name = `endof${period}`;
  return (args, pos) => {
    arity(name, args, 1, 2, pos);
    requireType(arg(args, 0), ['datetime'], `${name}()`, pos);
    if (args.length === 2) requireType(arg(args, 1), ['int', 'long'], `${name}()`, pos);
    const next = args.length === 2 ? op('add', 'long', arg(args, 1), param(1, 'long')) : param(1, 'long');
    return op('ts_sub', 'datetime', periodStart(period, arg(args, 0), next), param(1, 'timespan'));
  };
}

// format_timespan elements, longest runs first; each becomes a `timespan_part` whose spec the
// dialects render from a fixed table. Anything else in the format is copied as it is.
const ELEMENTS: [RegExp, (run: string) => string][] = [
  [/^d{1,8}/, (run) => `d${run.length}`],
  [/^f{1,7}/, (run) => `f${run.length}`],
  [/^F{1,7}/, (run) => `F${run.length}`],
  [/^[hH]{1,2}/, (run) => `h${run.length}`],
  [/^m{1,2}/, (run) => `m${run.length}`],
  [/^s{1,2}/, (run) => `s${run.length}`],
];

/** The format as a list of parts (`d3`, `h2`, `F7` …) and literal text. */
export function timespanFormat(format: string): { part?: string; text?: string }[] {
  const out: { part?: string; text?: string }[] = [];
  let rest = format;
  while (rest.length > 0) {
    const hit = ELEMENTS.map(([re, spec]) => [re.exec(rest)?.[0], spec] as const).find(([run]) => run !== undefined);
    if (hit?.[0]) {
      out.push({ part: hit[1](hit[0]) });
      rest = rest.slice(hit[0].length);
    } else {
      const last = out[out.length - 1];
      if (last?.text !== undefined) last.text += rest.charAt(0);
      else out.push({ text: rest.charAt(0) });
      rest = rest.slice(1);
    }
  }
  return out;
}

export const CALENDAR_FUNCTIONS: Record<string, Fn> = {
  startofday: startOf('day'),
  startofweek: startOf('week'),
  startofmonth: startOf('month'),
  startofyear: startOf('year'),
  endofday: endOf('day'),
  endofweek: endOf('week'),
  endofmonth: endOf('month'),
  endofyear: endOf('year'),
  format_timespan: (args, pos) => {
    arity('format_timespan', args, 2, 2, pos);
    const value = arg(args, 0);
    requireType(value, ['timespan'], 'format_timespan()', pos);
    const pieces = timespanFormat(constantString(arg(args, 1), 'The format', pos))
      .map((p) => (p.part ? op('timespan_part', 'string', param(p.part, 'string'), value) : param(p.text ?? '', 'string')));
    // A null timespan formats as '' (Kusto's strings are never null), as strcat's pieces do.
    return pieces.length === 0 ? param('', 'string') : op('strcat', 'string', ...pieces);
  },
};
