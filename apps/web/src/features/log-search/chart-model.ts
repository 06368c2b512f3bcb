import type { LogsColumnType, LogsTable } from '@servicemap/protocol';
import { cellText } from './results-table.js';

/** The `render` visualizations Log Search draws; any other falls back to the grid. */
export const CHART_VISUALIZATIONS = ['timechart', 'linechart', 'areachart', 'barchart', 'columnchart', 'piechart', 'scatterchart'] as const;
export type ChartVisualization = (typeof CHART_VISUALIZATIONS)[number];

/** How the x axis is drawn: epoch milliseconds (UTC labels), plain numbers, or labels in `categories`. */
export type XScale = 'time' | 'linear' | 'category';

/** One point: `x` is epoch ms (time), a number (linear) or an index into `categories` (category). */
export interface ChartPoint {
  readonly x: number;
  readonly y: number | null;
}

export interface ChartSeries {
  readonly label: string;
  readonly points: readonly ChartPoint[];
}

/** A chart as the canvas draws it; nothing in it depends on the chart library. */
export interface ChartModel {
  readonly visualization: ChartVisualization;
  readonly mark: 'line' | 'area' | 'bar' | 'pie' | 'point';
  /** barchart: bars run left to right, the x column is the vertical axis. */
  readonly horizontal: boolean;
  readonly stack: 'none' | 'stacked' | 'stacked100';
  readonly xScale: XScale;
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly title?: string;
  readonly xTitle?: string;
  readonly yTitle?: string;
  readonly legend: boolean;
  readonly yLog: boolean;
  readonly yMin?: number;
  readonly yMax?: number;
  /** Series left out past MAX_SERIES, for a note. */
  readonly droppedSeries: number;
}

export type ChartPlan = { readonly ok: true; readonly model: ChartModel } | { readonly ok: false; readonly note: string };

/** More series than this make an unreadable chart and a slow page; the rest are left out (with a note). */
export const MAX_SERIES = 100;

const NUMERIC: ReadonlySet<LogsColumnType> = new Set(['int', 'long', 'real', 'decimal']);
const ISO_DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

const isChartVisualization = (v: string): v is ChartVisualization => (CHART_VISUALIZATIONS as readonly string[]).includes(v);

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const number = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
/** `ycolumns` and `series` are comma-separated column names (or, from another server, an array). */
const names = (v: unknown): string[] | undefined => {
  const list = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',') : [];
  const trimmed = list.map((s) => s.trim()).filter((s) => s !== '');
  return trimmed.length > 0 ? trimmed : undefined;
};
const timeOf = (v: unknown): number | undefined => (typeof v === 'string' && ISO_DATETIME.test(v) ? number(Date.parse(v)) : undefined);

/** A dynamic cell's array (cells carry dynamic values as JSON text), else undefined. */
function arrayOf(cell: unknown): readonly unknown[] | undefined {
  if (Array.isArray(cell)) return cell as unknown[];
  if (typeof cell !== 'string' || !cell.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(cell);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A full UTC label: `2024-05-01 10:05`, with seconds and milliseconds only when they are not zero. */
export function utcLabel(ms: number): string {
  const d = new Date(ms);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (d.getUTCMilliseconds() !== 0) return `${base}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
  return d.getUTCSeconds() !== 0 ? `${base}:${pad(d.getUTCSeconds())}` : base;
}

/** A tick label of a UTC time axis, as short as the tick step allows: `10:05`, `05-01 10:00`, `2024-05-01`. */
export function utcTickLabel(ms: number, stepMs: number, spanMs: number): string {
  const full = utcLabel(ms);
  if (stepMs >= DAY) return full.slice(0, 10);
  const clock = stepMs < MINUTE ? full.slice(11, 19) : full.slice(11, 16);
  return spanMs < DAY ? clock : `${full.slice(5, 10)} ${clock}`;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [1, 2, 5, 10, 15, 30].map((s) => s * SECOND)
  .concat([1, 2, 5, 10, 15, 30].map((m) => m * MINUTE), [1, 2, 3, 6, 12].map((h) => h * HOUR), [1, 2, 7, 14, 30, 91, 365].map((d) => d * DAY));

/**
 * Ticks of a UTC time axis between `min` and `max` (epoch ms): whole seconds, minutes, hours or
 * days, at most `maxTicks` of them, so labels read `10:05`, not a linear axis' `10:03:20`.
 */
export function timeTicks(min: number, max: number, maxTicks: number): { readonly step: number; readonly ticks: readonly number[] } {
  const span = Math.max(max - min, 0);
  const step = TIME_STEPS.find((s) => span / s <= Math.max(maxTicks - 1, 1)) ?? Math.ceil(span / Math.max(maxTicks - 1, 1) / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);
  return { step, ticks };
}

interface Roles {
  readonly x: number;
  readonly ys: readonly number[];
  readonly series: readonly number[];
}

/** Column indexes named by a property, or undefined when it names none (or one that is not there). */
function named(table: LogsTable, prop: unknown): number[] | undefined {
  const list = names(prop);
  if (list === undefined) return undefined;
  const indexes = list.map((n) => table.columns.findIndex((c) => c.name === n));
  return indexes.every((i) => i >= 0) ? indexes : undefined;
}

/** Kusto's roles of a plain table: x, the numeric y columns, and the string columns that split series. */
function tableRoles(table: LogsTable, visualization: ChartVisualization, render: Readonly<Record<string, unknown>>): Roles {
  const cols = table.columns;
  const firstTime = cols.findIndex((c) => c.type === 'datetime');
  const x = named(table, render['xcolumn'])?.[0] ?? (visualization === 'timechart' && firstTime >= 0 ? firstTime : 0);
  const ys = named(table, render['ycolumns']) ?? cols.flatMap((c, i) => (i !== x && NUMERIC.has(c.type) ? [i] : []));
  const series = named(table, render['series']) ?? cols.flatMap((c, i) => (i !== x && !ys.includes(i) && c.type === 'string' ? [i] : []));
  return { x, ys, series };
}

/**
 * A make-series result's roles: the axis is the array of datetimes (Kusto puts it last; without
 * datetimes, the last array column), the values the other arrays, series the string columns.
 */
function seriesRoles(table: LogsTable, arrays: readonly number[], render: Readonly<Record<string, unknown>>): Roles {
  const first = table.rows[0] ?? [];
  const isTimes = (i: number): boolean => (arrayOf(first[i]) ?? []).some((v) => timeOf(v) !== undefined);
  const x = named(table, render['xcolumn'])?.[0] ?? arrays.find(isTimes) ?? arrays[arrays.length - 1] ?? 0;
  const ys = named(table, render['ycolumns']) ?? arrays.filter((i) => i !== x);
  // make-series' `by` columns may be of any type: every column that is not an array splits series.
  const series = named(table, render['series']) ?? table.columns.flatMap((_c, i) => (arrays.includes(i) ? [] : [i]));
  return { x, ys, series };
}

/** Collects series by label in order of first appearance, keeping at most MAX_SERIES. */
class SeriesSet {
  private readonly byLabel = new Map<string, ChartPoint[]>();
  dropped = new Set<string>();
  add(label: string, point: ChartPoint): void {
    let points = this.byLabel.get(label);
    if (points === undefined) {
      if (this.byLabel.size >= MAX_SERIES) { this.dropped.add(label); return; }
      points = [];
      this.byLabel.set(label, points);
    }
    points.push(point);
  }
  list(): ChartSeries[] {
    return [...this.byLabel].map(([label, points]) => ({ label, points }));
  }
}

const seriesLabel = (key: string, yName: string, yCount: number): string =>
  key === '' ? yName : yCount > 1 ? `${key}, ${yName}` : key;

/** Each series' y as a percentage of the sum of every series at the same x (kind=stacked100). */
function toPercent(series: readonly ChartSeries[]): ChartSeries[] {
  const sums = new Map<number, number>();
  for (const s of series) for (const p of s.points) sums.set(p.x, (sums.get(p.x) ?? 0) + Math.abs(p.y ?? 0));
  return series.map((s) => ({
    label: s.label,
    points: s.points.map((p) => {
      const sum = sums.get(p.x) ?? 0;
      return { x: p.x, y: p.y === null || sum === 0 ? p.y : (Math.abs(p.y) / sum) * 100 };
    }),
  }));
}

function sumByX(points: readonly ChartPoint[]): ChartPoint[] {
  const sums = new Map<number, number>();
  for (const p of points) sums.set(p.x, (sums.get(p.x) ?? 0) + (p.y ?? 0));
  return [...sums].map(([x, y]) => ({ x, y }));
}

/**
 * How to draw `table` for a `render` annotation (Log Analytics' wire form: `visualization`,
 * `title`, `kind`, `xtitle`, `ytitle`, `xcolumn`, `ycolumns`, `series`, `legend`, `ymin`, `ymax`,
 * `yaxis`), or a note on why it stays a table. Kusto's column roles: x is the first datetime
 * column for a timechart (else the first column), y the numeric columns, and the remaining string
 * columns split series. A make-series result (arrays per row) draws one line per row and value.
 */
export function chartModelOf(table: LogsTable, render: Readonly<Record<string, unknown>>): ChartPlan {
  const visualization = text(render['visualization']) ?? '';
  if (!isChartVisualization(visualization)) {
    return { ok: false, note: `${visualization === '' ? 'This visualization' : `'${visualization}'`} is not a chart Log Search draws; showing the table.` };
  }
  const firstRow = table.rows[0] ?? [];
  const arrays = table.columns.flatMap((c, i) => (c.type === 'dynamic' && arrayOf(firstRow[i]) !== undefined ? [i] : []));
  const made = arrays.length >= 2;
  const roles = made ? seriesRoles(table, arrays, render) : tableRoles(table, visualization, render);
  if (roles.ys.length === 0) return { ok: false, note: 'The results have no numeric column to draw; they are shown as a table.' };
  const xColumn = table.columns[roles.x];
  if (xColumn === undefined) return { ok: false, note: 'The results have no column for the x axis; they are shown as a table.' };

  const mark = ({ timechart: 'line', linechart: 'line', areachart: 'area', barchart: 'bar', columnchart: 'bar', piechart: 'pie', scatterchart: 'point' } as const)[visualization];
  const xValues = made ? table.rows.flatMap((r) => arrayOf(r[roles.x]) ?? []) : table.rows.map((r) => r[roles.x]);
  const xIsTime = made ? xValues.some((v) => timeOf(v) !== undefined) : xColumn.type === 'datetime';
  const xIsNumber = made ? !xIsTime && xValues.some((v) => typeof v === 'number') : NUMERIC.has(xColumn.type);
  const xScale: XScale = mark === 'bar' || mark === 'pie' || !(xIsTime || xIsNumber) ? 'category' : xIsTime ? 'time' : 'linear';

  const categories: string[] = [];
  const categoryIndex = new Map<string, number>();
  const categoryOf = (label: string): number => {
    let index = categoryIndex.get(label);
    if (index === undefined) {
      index = categories.length;
      categories.push(label);
      categoryIndex.set(label, index);
    }
    return index;
  };
  const xText = (v: unknown): string => {
    const t = xIsTime ? timeOf(v) : undefined;
    return t === undefined ? cellText(v) : utcLabel(t);
  };
  const xOf = (v: unknown): number | undefined => {
    if (xScale === 'time') return timeOf(v);
    if (xScale === 'linear') return number(v);
    return v === null || v === undefined ? undefined : categoryOf(xText(v));
  };

  const set = new SeriesSet();
  const yNames = roles.ys.map((i) => table.columns[i]?.name ?? '');
  for (const row of table.rows) {
    const key = roles.series.map((i) => cellText(row[i])).join(', ');
    if (mark === 'pie') {
      // A slice per x value and series key, sized by the first y column (repeated slices add up).
      const x = categoryOf([xText(row[roles.x]), ...roles.series.map((i) => cellText(row[i]))].join(', '));
      set.add(yNames[0] ?? '', { x, y: number(row[roles.ys[0] ?? -1]) ?? null });
      continue;
    }
    if (made) {
      const xs = arrayOf(row[roles.x]) ?? [];
      roles.ys.forEach((yi, n) => {
        const values = arrayOf(row[yi]) ?? [];
        const label = seriesLabel(key, yNames[n] ?? '', roles.ys.length);
        xs.forEach((xv, k) => {
          const x = xOf(xv);
          if (x !== undefined) set.add(label, { x, y: number(values[k]) ?? null });
        });
      });
      continue;
    }
    const x = xOf(row[roles.x]);
    if (x === undefined) continue;
    roles.ys.forEach((yi, n) => { set.add(seriesLabel(key, yNames[n] ?? '', roles.ys.length), { x, y: number(row[yi]) ?? null }); });
  }

  let series = set.list();
  // A line joins its points in x order, as Kusto's charts do; categories keep the query's order.
  if (xScale !== 'category') series = series.map((s) => ({ label: s.label, points: [...s.points].sort((a, b) => a.x - b.x) }));
  const kind = text(render['kind']);
  const stack = (mark === 'area' || mark === 'bar') && (kind === 'stacked' || kind === 'stacked100') ? kind : 'none';
  if (stack === 'stacked100') series = toPercent(series);
  if (mark === 'pie') series = series.map((s) => ({ label: s.label, points: sumByX(s.points) }));

  const xTitle = text(render['xtitle']) ?? (mark === 'pie' ? undefined : xScale === 'time' ? `${xColumn.name} (UTC)` : xColumn.name);
  const yTitle = text(render['ytitle']) ?? (stack === 'stacked100' ? '%' : roles.ys.length === 1 && mark !== 'pie' ? yNames[0] : undefined);
  const title = text(render['title']);
  const yMin = number(render['ymin']);
  const yMax = number(render['ymax']);
  return {
    ok: true,
    model: {
      visualization, mark, horizontal: visualization === 'barchart', stack, xScale, categories, series,
      legend: render['legend'] !== 'hidden', yLog: render['yaxis'] === 'log', droppedSeries: set.dropped.size,
      ...(title === undefined ? {} : { title }),
      ...(xTitle === undefined ? {} : { xTitle }),
      ...(yTitle === undefined ? {} : { yTitle }),
      ...(yMin === undefined ? {} : { yMin }),
      ...(yMax === undefined ? {} : { yMax }),
    },
  };
}
