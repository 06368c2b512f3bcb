import { describe, expect, it } from 'vitest';
import type { LogsTable } from '@servicemap/protocol';
import { chartModelOf, MAX_SERIES, timeTicks, utcLabel, utcTickLabel, type ChartModel, type ChartPlan } from './chart-model.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

const model = (plan: ChartPlan): ChartModel => {
  if (!plan.ok) throw new Error(plan.note);
  return plan.model;
};
const shape = (m: ChartModel) => m.series.map((s) => [s.label, s.points.map((p) => [p.x, p.y])]);

// summarize sum(BytesSent) by bin(TimeGenerated, 5m), Computer: rows out of time order, two computers.
const binned: LogsTable = {
  name: 'PrimaryResult',
  columns: [{ name: 'Computer', type: 'string' }, { name: 'TimeGenerated', type: 'datetime' }, { name: 'sum_BytesSent', type: 'long' }],
  rows: [['web1', at(5), 30], ['web1', at(0), 10], ['db1', at(0), 7], ['db1', at(5), null]],
};

describe('chart model of a table', () => {
  it('timechart: x is the first datetime column, y the numbers, a line per string value, points in time order', () => {
    const m = model(chartModelOf(binned, { visualization: 'timechart' }));
    expect(m).toMatchObject({ mark: 'line', xScale: 'time', stack: 'none', xTitle: 'TimeGenerated (UTC)', yTitle: 'sum_BytesSent', legend: true });
    expect(shape(m)).toEqual([
      ['web1', [[T0, 10], [T0 + 300_000, 30]]],
      ['db1', [[T0, 7], [T0 + 300_000, null]]],
    ]);
  });

  it('honours title, xtitle, ytitle, legend, ymin, ymax and a log y axis', () => {
    const m = model(chartModelOf(binned, { visualization: 'timechart', title: 'Bytes', xtitle: 'When', ytitle: 'B', legend: 'hidden', ymin: '0', ymax: 100, yaxis: 'log' }));
    expect(m).toMatchObject({ title: 'Bytes', xTitle: 'When', yTitle: 'B', legend: false, yMin: 0, yMax: 100, yLog: true });
    // The server fills an empty title when the query gave none: no title then.
    expect(model(chartModelOf(binned, { visualization: 'timechart', title: '' })).title).toBeUndefined();
  });

  it('names series by key and y column when there are several y columns', () => {
    const table: LogsTable = {
      name: 'PrimaryResult',
      columns: [{ name: 't', type: 'datetime' }, { name: 'host', type: 'string' }, { name: 'sent', type: 'long' }, { name: 'received', type: 'real' }],
      rows: [[at(0), 'a', 1, 2.5], [at(1), 'a', 3, 4]],
    };
    const m = model(chartModelOf(table, { visualization: 'linechart' }));
    expect(shape(m)).toEqual([['a, sent', [[T0, 1], [T0 + 60_000, 3]]], ['a, received', [[T0, 2.5], [T0 + 60_000, 4]]]]);
    expect(m.yTitle).toBeUndefined();
    // No string column: one series per y column, named after it.
    const plain = model(chartModelOf({ ...table, columns: table.columns.map((c) => (c.name === 'host' ? { ...c, type: 'guid' as const } : c)) }, { visualization: 'linechart' }));
    expect(plain.series.map((s) => s.label)).toEqual(['sent', 'received']);
  });

  it('columnchart: x values are categories in the query order (datetimes as UTC labels); kind=stacked stacks', () => {
    const m = model(chartModelOf(binned, { visualization: 'columnchart', kind: 'stacked' }));
    // The first column is x for anything but a timechart: Computer; TimeGenerated is neither y nor a string.
    expect(m).toMatchObject({ mark: 'bar', horizontal: false, stack: 'stacked', xScale: 'category', categories: ['web1', 'db1'] });
    expect(shape(m)).toEqual([['sum_BytesSent', [[0, 30], [0, 10], [1, 7], [1, null]]]]);
    const byTime = model(chartModelOf(binned, { visualization: 'barchart', xcolumn: 'TimeGenerated' }));
    expect(byTime).toMatchObject({ horizontal: true, stack: 'none', categories: ['2024-05-01 10:05', '2024-05-01 10:00'] });
    expect(byTime.series.map((s) => s.label)).toEqual(['web1', 'db1']);
  });

  it('kind=stacked100 turns values into shares of each x; other kinds or marks do not stack', () => {
    const m = model(chartModelOf(binned, { visualization: 'areachart', kind: 'stacked100' }));
    expect(m.xScale).toBe('category');
    expect(m.yTitle).toBe('%');
    expect(shape(model(chartModelOf({ ...binned, columns: [binned.columns[1]!, binned.columns[0]!, binned.columns[2]!], rows: binned.rows.map((r) => [r[1], r[0], r[2]]) }, { visualization: 'areachart', kind: 'stacked100' }))))
      .toEqual([['web1', [[T0, 10 / 17 * 100], [T0 + 300_000, 100]]], ['db1', [[T0, 7 / 17 * 100], [T0 + 300_000, null]]]]);
    expect(model(chartModelOf(binned, { visualization: 'timechart', kind: 'stacked' })).stack).toBe('none');
    expect(model(chartModelOf(binned, { visualization: 'areachart', kind: 'default' })).stack).toBe('none');
  });

  it('piechart: a slice per label (x and string columns), sized by the first y column, repeats added up', () => {
    const table: LogsTable = {
      name: 'PrimaryResult',
      columns: [{ name: 'OS', type: 'string' }, { name: 'count_', type: 'long' }],
      rows: [['Linux', 3], ['Windows', 2], ['Linux', 1]],
    };
    const m = model(chartModelOf(table, { visualization: 'piechart' }));
    expect(m).toMatchObject({ mark: 'pie', categories: ['Linux', 'Windows'] });
    expect(shape(m)).toEqual([['count_', [[0, 4], [1, 2]]]]);
    expect(m.xTitle).toBeUndefined();
  });

  it('scatterchart over numbers is a linear x axis; ycolumns, xcolumn and series pick the roles', () => {
    const table: LogsTable = {
      name: 'PrimaryResult',
      columns: [{ name: 'a', type: 'long' }, { name: 'b', type: 'long' }, { name: 'c', type: 'long' }, { name: 'g', type: 'string' }, { name: 'h', type: 'string' }],
      rows: [[1, 10, 100, 'x', 'p'], [2, 20, 200, 'y', 'q']],
    };
    const m = model(chartModelOf(table, { visualization: 'scatterchart', xcolumn: 'b', ycolumns: 'c', series: 'h' }));
    expect(m).toMatchObject({ mark: 'point', xScale: 'linear' });
    expect(shape(m)).toEqual([['p', [[10, 100]]], ['q', [[20, 200]]]]);
    // Names that are not columns are ignored: Kusto's defaults apply.
    expect(shape(model(chartModelOf(table, { visualization: 'scatterchart', ycolumns: 'nope' })))).toEqual([
      ['x, p, b', [[1, 10]]], ['x, p, c', [[1, 100]]], ['y, q, b', [[2, 20]]], ['y, q, c', [[2, 200]]],
    ]);
  });

  it('keeps at most MAX_SERIES series and counts the rest', () => {
    const rows = Array.from({ length: MAX_SERIES + 5 }, (_v, i) => [at(0), `h${i}`, i]);
    const m = model(chartModelOf({ ...binned, columns: [binned.columns[1]!, binned.columns[0]!, binned.columns[2]!], rows }, { visualization: 'timechart' }));
    expect(m.series).toHaveLength(MAX_SERIES);
    expect(m.droppedSeries).toBe(5);
  });

  it('falls back to the table for other visualizations and for nothing numeric', () => {
    expect(chartModelOf(binned, { visualization: 'card' })).toEqual({ ok: false, note: expect.stringContaining("'card'") as string });
    expect(chartModelOf(binned, { visualization: 'table' }).ok).toBe(false);
    expect(chartModelOf(binned, {}).ok).toBe(false);
    const words: LogsTable = { name: 'PrimaryResult', columns: [{ name: 's', type: 'string' }], rows: [['a']] };
    expect(chartModelOf(words, { visualization: 'barchart' })).toEqual({ ok: false, note: expect.stringContaining('no numeric column') as string });
  });
});

describe('chart model of a make-series result', () => {
  // make-series count() on TimeGenerated … step 5m by Machine: value arrays, the axis array last.
  const axis = JSON.stringify([at(0), at(5), at(10)]);
  const series: LogsTable = {
    name: 'PrimaryResult',
    columns: [{ name: 'Machine', type: 'string' }, { name: 'count_', type: 'dynamic' }, { name: 'TimeGenerated', type: 'dynamic' }],
    rows: [['m-app', '[0,2,0]', axis], ['m-web', '[3,0,null]', axis]],
  };

  it('draws one line per row, the axis array as time', () => {
    const m = model(chartModelOf(series, { visualization: 'timechart' }));
    expect(m).toMatchObject({ mark: 'line', xScale: 'time', xTitle: 'TimeGenerated (UTC)' });
    expect(shape(m)).toEqual([
      ['m-app', [[T0, 0], [T0 + 300_000, 2], [T0 + 600_000, 0]]],
      ['m-web', [[T0, 3], [T0 + 300_000, 0], [T0 + 600_000, null]]],
    ]);
  });

  it('names lines by key and value column with several values; a number axis is linear; any by column splits', () => {
    const two: LogsTable = {
      name: 'PrimaryResult',
      columns: [{ name: 'Port', type: 'long' }, { name: 'total', type: 'dynamic' }, { name: 'avg', type: 'dynamic' }, { name: 'BytesSent', type: 'dynamic' }],
      rows: [[80, [1, 2], [0.5, 1], [0, 1000]], [443, [3, 4], [1.5, 2], [0, 1000]]],
    };
    const m = model(chartModelOf(two, { visualization: 'linechart' }));
    expect(m.xScale).toBe('linear');
    expect(shape(m)).toEqual([
      ['80, total', [[0, 1], [1000, 2]]], ['80, avg', [[0, 0.5], [1000, 1]]],
      ['443, total', [[0, 3], [1000, 4]]], ['443, avg', [[0, 1.5], [1000, 2]]],
    ]);
  });
});

describe('UTC time axis', () => {
  it('labels instants in UTC, as short as they can be', () => {
    expect(utcLabel(T0)).toBe('2024-05-01 10:00');
    expect(utcLabel(T0 + 1_500)).toBe('2024-05-01 10:00:01.500');
    expect(utcLabel(T0 + 2_000)).toBe('2024-05-01 10:00:02');
    expect(utcTickLabel(T0 + 300_000, 300_000, 3_600_000)).toBe('10:05');
    expect(utcTickLabel(T0 + 30_000, 10_000, 60_000)).toBe('10:00:30');
    expect(utcTickLabel(T0, 6 * 3_600_000, 3 * 86_400_000)).toBe('05-01 10:00');
    expect(utcTickLabel(T0, 86_400_000, 30 * 86_400_000)).toBe('2024-05-01');
  });

  it('puts ticks on whole minutes, hours or days', () => {
    expect(timeTicks(T0 + 20_000, T0 + 3_600_000, 8)).toEqual({ step: 600_000, ticks: [1, 2, 3, 4, 5, 6].map((k) => T0 + k * 600_000) });
    const day = timeTicks(T0, T0 + 7 * 86_400_000, 8);
    expect(day.step).toBe(86_400_000);
    expect(day.ticks.map((t) => new Date(t).toISOString().slice(11))).toEqual(Array(7).fill('00:00:00.000Z'));
    expect(timeTicks(T0, T0, 8).ticks).toEqual([T0]);
  });
});
