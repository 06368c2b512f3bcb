import { useEffect, useRef, useState } from 'react';
import type { ChartModel } from './chart-model.js';

/**
 * The chart of a query's results. chart.js is loaded on demand (chart-canvas.ts); the chart is
 * drawn again when the theme changes, since its colours come from the page's CSS variables.
 */
export function ResultsChart({ model }: { readonly model: ChartModel }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'drawn' | 'failed'>('loading');
  useEffect(() => {
    let disposed = false;
    let chart: { destroy: () => void } | undefined;
    // The theme is an attribute of <html> (use-theme.ts), set after this effect runs on a switch.
    const themes = new MutationObserver(() => { draw(); });
    let draw = (): void => undefined;
    import('./chart-canvas.js').then(({ drawChart, chartThemeOf }) => {
      const element = canvas.current;
      if (disposed || element === null) return;
      draw = () => {
        chart?.destroy();
        chart = drawChart(element, model, chartThemeOf(element));
      };
      draw();
      themes.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
      setState('drawn');
    }, () => { if (!disposed) setState('failed'); });
    return () => { disposed = true; themes.disconnect(); chart?.destroy(); };
  }, [model]);
  const described = model.title ?? `${model.visualization} of ${model.series.length} series`;
  return (
    <div className="results-chart" data-testid="results-chart" data-visualization={model.visualization} data-state={state}>
      {state === 'failed' && <p className="error">The chart could not be loaded; the Table view has the results.</p>}
      <canvas ref={canvas} role="img" aria-label={described} />
    </div>
  );
}
