// The history report: trend charts of the key metrics with regressions marked, a markdown summary with the gated
// metrics' trends as Mermaid graphs (the nightly's regression graph, drawn where GitHub shows the markdown), and
// history.html with the interactive charts.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { formatValue, metricByKey } from '../metrics/metrics.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { TrendPoint } from './history.js';
import { legendToggle } from './charts.js';
import { reportHtml } from './html.js';
import { COMMENT_LIMIT, mermaidSection, WORKFLOW_ROOM } from './markdown.js';
import { SERIES_COLOURS, trendMermaid, type TrendSeries } from './mermaid.js';
import { renderChart, svgToPng, type RenderedChart } from './render.js';

export const TREND_METRICS = ['apiserver_rss_peak_bytes', 'apiserver_rss_growth_bytes', 'time_to_synced_p99_ms', 'list_latency_p99_ms'];

const REGRESSION_COLOUR = '#d1242f';

/** The Mermaid graphs cover this many of the latest runs; the SVG charts, every run. */
const GRAPHED_RUNS = 30;

/** A metric in a unit people read: MiB for bytes, seconds for milliseconds. */
function readable(metric: string): { label: string; unit: string; scale: number } {
  const def = metricByKey(metric);
  if (def.unit === 'bytes') return { label: def.label, unit: 'MiB', scale: 2 ** 20 };
  if (def.unit === 'ms') return { label: def.label, unit: 's', scale: 1000 };
  return { label: def.label, unit: def.unit, scale: 1 };
}

const seriesOf = (points: TrendPoint[]) => [...new Set(points.map((p) => p.series))].sort();

/** Each gated metric of each series over its last GRAPHED_RUNS runs, with the series' place in the colour order. */
function gatedTrends(points: TrendPoint[]): Array<{ trend: TrendSeries; colour: number }> {
  const all = seriesOf(points);
  return TREND_METRICS.filter((m) => points.some((p) => p.metric === m && p.gated)).flatMap((metric) => {
    const { label, unit, scale } = readable(metric);
    return all.flatMap((series) => {
      const runs = points
        .filter((p) => p.metric === metric && p.series === series)
        .sort((a, b) => a.started.localeCompare(b.started))
        .slice(-GRAPHED_RUNS)
        .map((p) => ({ run_id: p.run_id, started: p.started, value: p.value / scale, regressed: p.regressed }));
      // A line needs two points to be drawn.
      return runs.length > 1 ? [{ trend: { series, label, unit, runs }, colour: all.indexOf(series) }] : [];
    });
  });
}

function trendSpec(points: TrendPoint[], metric: string): TopLevelSpec {
  const { label, unit, scale } = readable(metric);
  const all = seriesOf(points);
  const values = points.filter((p) => p.metric === metric).map((p) => ({ ...p, y: p.value / scale }));
  const y = { field: 'y', type: 'quantitative' as const, title: `${label} (${unit})` };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 620,
    height: 240,
    config: { font: 'DejaVu Sans', legend: { labelLimit: 320 } },
    title: `${label} over time (red: regression)`,
    data: { values },
    layer: [
      {
        params: legendToggle.params,
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'started', type: 'temporal', title: 'run started' },
          y,
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: all, range: all.map((_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length]!) },
          },
          opacity: legendToggle.opacity,
          tooltip: [
            { field: 'series', type: 'nominal' },
            { field: 'run_id', type: 'nominal', title: 'run' },
            { field: 'started', type: 'temporal', title: 'started', format: '%Y-%m-%d %H:%M' },
            { field: 'y', type: 'quantitative', title: `${label} (${unit})`, format: ',.3~f' },
            { field: 'regressed', type: 'nominal' },
          ],
        },
      },
      {
        transform: [{ filter: 'datum.regressed' }],
        mark: { type: 'point', shape: 'triangle-up', size: 160, color: REGRESSION_COLOUR, filled: true },
        encoding: { x: { field: 'started', type: 'temporal' }, y },
      },
    ],
  };
}

function rule(o: { threshold: number; window: number }): string {
  return `a regression is a run above the 95% prediction interval from the ${o.window} runs before it and more than ${Math.round(o.threshold * 100)}% above their geometric mean`;
}

export async function writeHistoryReport(out: string, points: TrendPoint[], o: { threshold: number; window: number }): Promise<string[]> {
  await mkdir(out, { recursive: true });
  const files: string[] = [];
  const md: string[] = ['## kube-stream-bench history', ''];
  const regressions = points.filter((p) => p.regressed);
  md.push(regressions.length ? `❌ ${regressions.length} regression(s): ${rule(o)}.` : `✅ No regression (${rule(o)}).`, '');
  const ungated = TREND_METRICS.filter((m) => points.some((p) => p.metric === m && !p.gated));
  if (ungated.length) md.push(`🔓 Charted, not flagged (--gate names the flagged metrics): ${ungated.join(', ')}.`, '');
  if (regressions.length) {
    md.push('| run | series | metric | value | geometric mean before |', '|---|---|---|---:|---:|');
    for (const r of regressions) {
      const unit = metricByKey(r.metric).unit;
      md.push(`| ${r.run_id} | ${r.series} | ${r.metric} | ${formatValue(r.value, unit)} | ${formatValue(r.baseline, unit)} |`);
    }
    md.push('');
  }
  const images: string[] = [];
  const rendered = new Map<string, RenderedChart>();
  for (const metric of TREND_METRICS) {
    if (!points.some((p) => p.metric === metric)) continue;
    const chart = await renderChart(trendSpec(points, metric));
    rendered.set(`trend-${metric}`, chart);
    await writeFileAtomic(join(out, `trend-${metric}.svg`), chart.svg);
    await writeFileAtomic(join(out, `trend-${metric}.png`), await svgToPng(chart.svg));
    files.push(`trend-${metric}.svg`, `trend-${metric}.png`);
    images.push(`![${metric}](trend-${metric}.svg)`, '');
  }
  const graphs = gatedTrends(points).map((g) => trendMermaid(g.trend, g.colour));
  const head = md.join('\n');
  const tail = [
    '<details><summary>Every run, every trend metric (SVG charts beside history.md)</summary>',
    '',
    ...images,
    '</details>',
    '',
  ].join('\n');
  const section = graphs.length
    ? `### Gated metrics, last ${GRAPHED_RUNS} runs at most\n\n${mermaidSection(graphs, COMMENT_LIMIT - WORKFLOW_ROOM - head.length - tail.length)}\n`
    : '';
  await writeFileAtomic(join(out, 'history.md'), `${head}\n${section}${tail}`);
  await writeFileAtomic(join(out, 'history.html'), await reportHtml([...md, ...images].join('\n'), rendered, 'kube-stream-bench history'));
  return ['history.md', 'history.html', ...files];
}
