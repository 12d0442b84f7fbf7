// The history report: trend charts of the key metrics with regressions marked, and a markdown summary.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { formatValue, metricByKey } from '../metrics/metrics.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { TrendPoint } from './history.js';
import { renderSvg, svgToPng } from './render.js';

export const TREND_METRICS = ['apiserver_rss_peak_bytes', 'apiserver_rss_growth_bytes', 'time_to_synced_p99_ms', 'list_latency_p99_ms'];

function trendSpec(points: TrendPoint[], metric: string): TopLevelSpec {
  const def = metricByKey(metric);
  const scale = def.unit === 'bytes' ? 2 ** 20 : 1;
  const values = points.filter((p) => p.metric === metric).map((p) => ({ ...p, y: p.value / scale }));
  const y = { field: 'y', type: 'quantitative' as const, title: `${def.label} (${def.unit === 'bytes' ? 'MiB' : def.unit})` };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 620,
    height: 240,
    config: { font: 'DejaVu Sans' },
    title: `${def.label} over time (red: regression)`,
    data: { values },
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'started', type: 'temporal', title: 'run started' },
          y,
          color: { field: 'series', type: 'nominal', title: null },
        },
      },
      {
        transform: [{ filter: 'datum.regressed' }],
        mark: { type: 'point', shape: 'triangle-up', size: 160, color: '#d1242f', filled: true },
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
  for (const metric of TREND_METRICS) {
    if (!points.some((p) => p.metric === metric)) continue;
    const svg = await renderSvg(trendSpec(points, metric));
    await writeFileAtomic(join(out, `trend-${metric}.svg`), svg);
    await writeFileAtomic(join(out, `trend-${metric}.png`), await svgToPng(svg));
    files.push(`trend-${metric}.svg`, `trend-${metric}.png`);
    md.push(`![${metric}](trend-${metric}.svg)`, '');
  }
  await writeFileAtomic(join(out, 'history.md'), md.join('\n'));
  return ['history.md', ...files];
}
