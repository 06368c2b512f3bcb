import {
  ArcElement, BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PieController, PointElement, ScatterController, Title, Tooltip,
  type ChartConfiguration, type ChartDataset, type ChartOptions, type Scale,
} from 'chart.js';
import { timeTicks, utcLabel, utcTickLabel, type ChartModel } from './chart-model.js';

// The only module importing chart.js (loaded on demand by ResultsChart, so the map page does not
// pay for it). Only what the seven visualizations use is registered, which keeps the chunk small.
Chart.register(ArcElement, BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PieController, PointElement, ScatterController, Title, Tooltip);

/** Colours from the page's CSS variables (styles.css), so the chart follows the light and dark themes. */
export interface ChartTheme {
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly panel: string;
  readonly font: string;
  readonly palette: readonly string[];
}

export function chartThemeOf(element: Element): ChartTheme {
  const css = getComputedStyle(element);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  const palette = Array.from({ length: 8 }, (_x, i) => v(`--chart-${i + 1}`, '')).filter((c) => c !== '');
  return {
    text: v('--text', '#1d2330'), muted: v('--muted', '#5b6475'), grid: v('--border', '#d4d9e1'), panel: v('--panel', '#ffffff'),
    font: css.fontFamily, palette: palette.length > 0 ? palette : [v('--accent', '#0b63ce')],
  };
}

/** `#rrggbb` at an opacity, for area fills; other colour forms are kept as they are. */
const withAlpha = (color: string, alpha: number): string =>
  /^#[0-9a-f]{6}$/i.test(color) ? `${color}${Math.round(alpha * 255).toString(16).padStart(2, '0')}` : color;

type Point = { x: number; y: number | null };
type AnyDataset = ChartDataset<'line' | 'bar' | 'pie' | 'scatter', (number | null | Point)[]>;

function datasetsOf(model: ChartModel, theme: ChartTheme): AnyDataset[] {
  const color = (i: number): string => theme.palette[i % theme.palette.length] ?? theme.text;
  const dataOf = (points: ChartModel['series'][number]['points']): (number | null | Point)[] => {
    if (model.xScale !== 'category') return points.map((p) => ({ x: p.x, y: p.y }));
    const aligned: (number | null)[] = model.categories.map(() => null);
    for (const p of points) aligned[p.x] = p.y;
    return aligned;
  };
  return model.series.map((s, i): AnyDataset => {
    const data = dataOf(s.points);
    if (model.mark === 'pie') {
      return { label: s.label, data, backgroundColor: model.categories.map((_c, k) => color(k)), borderColor: theme.panel };
    }
    const base = { label: s.label, data, borderColor: color(i), backgroundColor: color(i) };
    if (model.mark === 'bar') return base;
    const dense = s.points.length > 60;
    if (model.mark === 'point') return { ...base, showLine: false, pointRadius: 3 };
    const fill = model.mark === 'area' ? (model.stack === 'none' || i === 0 ? 'origin' : '-1') : false;
    return { ...base, borderWidth: 1.5, pointRadius: dense ? 0 : 2, tension: 0, fill, ...(fill === false ? {} : { backgroundColor: withAlpha(color(i), 0.3) }) };
  });
}

type Cartesian = NonNullable<NonNullable<ChartOptions<'line'>['scales']>[string]>;

function scalesOf(model: ChartModel, theme: ChartTheme): Record<string, Cartesian> {
  const title = (text: string | undefined) => ({ display: text !== undefined, text: text ?? '', color: theme.muted });
  const common = { grid: { color: theme.grid }, border: { color: theme.grid } };
  const xs = model.series.flatMap((s) => s.points.map((p) => p.x));
  let step = 60_000;
  const span = xs.length > 0 ? Math.max(...xs) - Math.min(...xs) : 0;
  const axis: Cartesian = model.xScale === 'category'
    ? { ...common, type: 'category', labels: [...model.categories], ticks: { color: theme.text } }
    : {
      ...common, type: 'linear', bounds: 'data',
      ...(xs.length > 0 ? { min: Math.min(...xs), max: Math.max(...xs) } : {}),
      ticks: model.xScale === 'time'
        ? { color: theme.text, maxRotation: 0, callback: (value) => utcTickLabel(Number(value), step, span) }
        : { color: theme.text },
      // A time axis is a linear axis over epoch ms: its ticks are replaced by whole minutes,
      // hours or days (no date adapter needed) and labelled in UTC.
      ...(model.xScale === 'time' ? {
        afterBuildTicks: (scale: Scale) => {
          const built = timeTicks(scale.min, scale.max, 8);
          step = built.step;
          scale.ticks = built.ticks.map((value) => ({ value }));
        },
      } : {}),
    };
  const stacked = model.stack !== 'none';
  const value: Cartesian = {
    ...common, type: model.yLog ? 'logarithmic' : 'linear', stacked, ticks: { color: theme.text },
    // Values start at zero, as the portal's charts do, so small changes do not look large.
    beginAtZero: !model.yLog,
    ...(model.yMin === undefined ? {} : { min: model.yMin }),
    ...(model.yMax === undefined ? (model.stack === 'stacked100' ? { max: 100 } : {}) : { max: model.yMax }),
  };
  // Bars stack on both axes; lines and areas only along the values (stacking x would add times).
  const xAxis = { ...axis, title: title(model.xTitle), ...(stacked && model.mark === 'bar' ? { stacked: true } : {}) };
  const yAxis = { ...value, title: title(model.yTitle) };
  return model.horizontal ? { y: xAxis, x: yAxis } : { x: xAxis, y: yAxis };
}

function configOf(model: ChartModel, theme: ChartTheme): ChartConfiguration {
  const type = model.mark === 'pie' ? 'pie' : model.mark === 'bar' ? 'bar' : model.mark === 'point' && model.xScale !== 'category' ? 'scatter' : 'line';
  return {
    type,
    data: { labels: [...model.categories], datasets: datasetsOf(model, theme) },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false, color: theme.text,
      ...(model.horizontal ? { indexAxis: 'y' as const } : {}),
      ...(model.mark === 'pie' ? {} : { scales: scalesOf(model, theme) }),
      interaction: model.mark === 'pie' ? { mode: 'nearest', intersect: true } : { mode: 'nearest', intersect: false },
      plugins: {
        title: { display: model.title !== undefined, text: model.title ?? '', color: theme.text, font: { size: 14 } },
        legend: { display: model.legend, labels: { color: theme.text, boxWidth: 12 } },
        tooltip: {
          callbacks: model.xScale === 'time' ? { title: (items) => (items[0] === undefined ? '' : `${utcLabel(items[0].parsed.x ?? 0)} UTC`) } : {},
        },
      },
    },
  };
}

/** What the last drawn chart holds, for the browser tests (as `servicemapKqlMarkers` is for the editor). */
interface DrawnChart {
  readonly type: string;
  readonly textColor: string;
  readonly datasets: readonly { readonly label: string; readonly points: number }[];
}
let drawn: Chart | undefined;
(globalThis as { servicemapChart?: () => DrawnChart | undefined }).servicemapChart = () => (drawn === undefined ? undefined : {
  type: (drawn.config as { type: string }).type,
  textColor: typeof drawn.options.color === 'string' ? drawn.options.color : '',
  datasets: drawn.data.datasets.map((d) => ({ label: d.label ?? '', points: d.data.filter((v) => v !== null).length })),
});

/** Draws `model` on `canvas`; call `destroy` before drawing it again (a new theme, new results). */
export function drawChart(canvas: HTMLCanvasElement, model: ChartModel, theme: ChartTheme): { destroy: () => void } {
  Chart.defaults.font.family = theme.font;
  const chart = new Chart(canvas, configOf(model, theme));
  drawn = chart;
  return {
    destroy: () => {
      chart.destroy();
      if (drawn === chart) drawn = undefined;
    },
  };
}
