// The report's charts as Vega-Lite specs (pure data in, spec out), sized for a PR comment (~700 px).
import type { TopLevelSpec } from 'vega-lite';
import { meanInterval } from '../stats/ratio.js';
import { mean, percentile } from '../stats/stats.js';
import { stepPeaks } from '../results/summary.js';
import { listLatencies, rssPoints, syncedEcdf, type SeriesSide } from './series.js';
import { bystanderAvailability, replicaEvents, replicaRssPoints, replicasOf } from './replica-series.js';
import { SERIES_COLOURS } from './mermaid.js';

const WIDTH = 620;
const base = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: WIDTH,
  height: 260,
  config: { font: 'DejaVu Sans', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 } },
} as const;
const colour = (sides: SeriesSide[]) => ({
  field: 'series',
  type: 'nominal' as const,
  title: null,
  scale: { domain: sides.map((s) => s.label), range: sides.map((_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length]!) },
});
/** Clicking a legend entry shows that series alone (shift-click adds one; a click elsewhere in it shows all). */
export const legendToggle = {
  params: [{ name: 'shown', select: { type: 'point' as const, fields: ['series'] }, bind: 'legend' as const }],
  opacity: { condition: { param: 'shown', value: 0.9 }, value: 0.08 },
};

export interface Chart {
  file: string;
  title: string;
  spec: TopLevelSpec;
}

function rssOverTime(sides: SeriesSide[]): Chart {
  return {
    file: 'rss-over-time',
    title: 'apiserver RSS over time (every repetition)',
    spec: {
      ...base,
      title: 'apiserver RSS over time, every repetition',
      data: { values: rssPoints(sides) },
      params: legendToggle.params,
      mark: { type: 'line', strokeWidth: 1.5, point: { size: 12 } },
      encoding: {
        x: { field: 't_s', type: 'quantitative', title: 'time since load start (s)' },
        y: { field: 'rss_mib', type: 'quantitative', title: 'apiserver RSS (MiB)' },
        color: colour(sides),
        opacity: legendToggle.opacity,
        detail: { field: 'rep', type: 'nominal' },
        tooltip: [
          { field: 'rep', type: 'nominal', title: 'repetition' },
          { field: 't_s', type: 'quantitative', title: 'time (s)', format: '.1f' },
          { field: 'rss_mib', type: 'quantitative', title: 'RSS (MiB)', format: ',.1f' },
        ],
      },
    },
  };
}

function peakRss(sides: SeriesSide[]): Chart {
  const values = sides.map((side) => {
    const peaks = side.run.figures
      .filter((f) => f.variant === side.variant)
      .map((f) => f.rssPeakBytes / 2 ** 20)
      .filter(Number.isFinite);
    const ci = meanInterval(peaks);
    // One repetition has no interval: its bar shrinks to the point.
    const orMean = (x: number) => (Number.isFinite(x) ? x : ci.mean);
    return { series: side.label, mean: ci.mean, low: orMean(ci.low), high: orMean(ci.high), n: peaks.length };
  });
  return {
    file: 'peak-rss',
    title: 'peak apiserver RSS, mean with 95% t interval',
    spec: {
      ...base,
      height: 40 + 40 * sides.length,
      title: 'peak apiserver RSS: mean and 95% t interval (none for n=1)',
      data: { values },
      layer: [
        {
          params: legendToggle.params,
          mark: { type: 'rule', strokeWidth: 3 },
          encoding: {
            opacity: legendToggle.opacity,
            x: { field: 'low', type: 'quantitative', title: 'peak apiserver RSS (MiB)', scale: { zero: true } },
            x2: { field: 'high' },
            y: { field: 'series', type: 'nominal', title: null },
            color: colour(sides),
          },
        },
        {
          mark: { type: 'point', filled: true, size: 90 },
          encoding: {
            x: { field: 'mean', type: 'quantitative' },
            y: { field: 'series', type: 'nominal' },
            color: colour(sides),
            tooltip: [
              { field: 'series', type: 'nominal' },
              { field: 'mean', type: 'quantitative', title: 'mean (MiB)', format: ',.1f' },
              { field: 'low', type: 'quantitative', title: '95% low (MiB)', format: ',.1f' },
              { field: 'high', type: 'quantitative', title: '95% high (MiB)', format: ',.1f' },
              { field: 'n', type: 'quantitative', title: 'repetitions' },
            ],
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 8, dy: -10 },
          encoding: {
            x: { field: 'mean', type: 'quantitative' },
            y: { field: 'series', type: 'nominal' },
            text: { field: 'mean', type: 'quantitative', format: ',.0f' },
          },
        },
      ],
    },
  };
}

function syncedDistribution(sides: SeriesSide[]): Chart {
  return {
    file: 'time-to-synced-ecdf',
    title: 'time to synced, empirical CDF over all informers',
    spec: {
      ...base,
      title: 'time to synced (ECDF over every informer sync)',
      data: { values: syncedEcdf(sides) },
      params: legendToggle.params,
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, point: { size: 10 } },
      encoding: {
        x: { field: 'ms', type: 'quantitative', title: 'time to synced (ms)' },
        y: { field: 'fraction', type: 'quantitative', title: 'fraction of informers synced', axis: { format: '%' } },
        color: colour(sides),
        opacity: legendToggle.opacity,
        tooltip: [
          { field: 'series', type: 'nominal' },
          { field: 'ms', type: 'quantitative', title: 'time to synced (ms)', format: ',.1f' },
          { field: 'fraction', type: 'quantitative', title: 'synced', format: '.1%' },
        ],
      },
    },
  };
}

function listPercentiles(sides: SeriesSide[]): Chart | undefined {
  const lat = listLatencies(sides);
  if (!lat.length) return undefined;
  const values = sides.flatMap((side) => {
    const xs = lat.filter((l) => l.series === side.label).map((l) => l.ms);
    return xs.length
      ? (['p50', 'p90', 'p99'] as const).map((p) => ({ series: side.label, percentile: p, ms: percentile(xs, Number(p.slice(1))) }))
      : [];
  });
  return {
    file: 'list-latency',
    title: 'LIST latency percentiles',
    spec: {
      ...base,
      title: 'LIST latency percentiles',
      data: { values },
      params: legendToggle.params,
      mark: 'bar',
      encoding: {
        x: { field: 'percentile', type: 'ordinal', title: null },
        xOffset: { field: 'series' },
        y: { field: 'ms', type: 'quantitative', title: 'LIST latency (ms)' },
        color: colour(sides),
        opacity: legendToggle.opacity,
        tooltip: [
          { field: 'series', type: 'nominal' },
          { field: 'percentile', type: 'nominal' },
          { field: 'ms', type: 'quantitative', title: 'LIST latency (ms)', format: ',.1f' },
        ],
      },
    } as TopLevelSpec,
  };
}

/** Step-wise load: peak RSS of each step (mean over repetitions), against the informers reached in it. */
function rssPerStep(sides: SeriesSide[]): Chart | undefined {
  const values = sides.flatMap((side) => {
    const steps = side.run.manifest.steps ?? [];
    const peaks = stepPeaks(side.run.samples.filter((s) => s.variant === side.variant));
    return steps
      .map((w) => ({
        series: side.label,
        informers: w.informers,
        step: w.step,
        rss_mib: mean(peaks.filter((p) => p.step === w.step).map((p) => p.peakBytes)) / 2 ** 20,
      }))
      .filter((v) => Number.isFinite(v.rss_mib));
  });
  if (!values.length) return undefined;
  return {
    file: 'rss-per-step',
    title: 'peak apiserver RSS per load step',
    spec: {
      ...base,
      title: 'peak apiserver RSS per step (mean over repetitions)',
      data: { values },
      params: legendToggle.params,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'informers', type: 'quantitative', title: 'informers reached in the step' },
        y: { field: 'rss_mib', type: 'quantitative', title: 'peak apiserver RSS (MiB)' },
        color: colour(sides),
        opacity: legendToggle.opacity,
        tooltip: [
          { field: 'series', type: 'nominal' },
          { field: 'step', type: 'quantitative' },
          { field: 'informers', type: 'quantitative' },
          { field: 'rss_mib', type: 'quantitative', title: 'peak RSS (MiB)', format: ',.1f' },
        ],
      },
    } as TopLevelSpec,
  };
}

const ON_TOP = ['backend-up', 'ready', 'exited', 'backend-down', 'restarted', 'oom-killed'];

/**
 * Several apiservers: each one's RSS over time (a line per apiserver and repetition) with what happened to it marked
 * at its time: a rule across the chart and a point on its line, shaped by kind, whose tooltip names it.
 */
function replicaRss(side: SeriesSide, index: number): Chart | undefined {
  const replicas = replicasOf(side);
  if (replicas.length < 2) return undefined;
  const name = (apiserver: string) => `apiserver ${apiserver}`;
  const points = replicaRssPoints(side).map((p) => ({ ...p, apiserver: name(p.apiserver), rep: `#${p.rep}` }));
  // Events of one moment share a place: the ones that matter most are drawn last, on top.
  const events = replicaEvents(side)
    .map((e) => ({ ...e, apiserver: name(e.apiserver), rep: `#${e.rep}` }))
    .sort((a, b) => ON_TOP.indexOf(a.kind) - ON_TOP.indexOf(b.kind));
  const apiserverColour = {
    field: 'apiserver',
    type: 'nominal' as const,
    title: null,
    scale: { domain: replicas.map(name), range: replicas.map((_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length]!) },
  };
  const eventTooltip = [
    { field: 'kind', type: 'nominal' as const, title: 'event' },
    { field: 'apiserver', type: 'nominal' as const },
    { field: 'rep', type: 'nominal' as const, title: 'repetition' },
    { field: 't_s', type: 'quantitative' as const, title: 'time (s)', format: '.1f' },
  ];
  return {
    file: `apiserver-rss-per-replica-${index + 1}`,
    title: `RSS of each apiserver over time, ${side.label}, with their events`,
    spec: {
      ...base,
      title: `RSS of each apiserver over time: ${side.label} (every repetition; events marked)`,
      layer: [
        {
          data: { values: points },
          mark: { type: 'line', strokeWidth: 1.5, point: { size: 10 } },
          encoding: {
            x: { field: 't_s', type: 'quantitative', title: 'time since load start (s)' },
            y: { field: 'rss_mib', type: 'quantitative', title: 'apiserver RSS (MiB)' },
            color: apiserverColour,
            detail: { field: 'rep', type: 'nominal' },
            tooltip: [
              { field: 'apiserver', type: 'nominal' },
              { field: 'rep', type: 'nominal', title: 'repetition' },
              { field: 't_s', type: 'quantitative', title: 'time (s)', format: '.1f' },
              { field: 'rss_mib', type: 'quantitative', title: 'RSS (MiB)', format: ',.1f' },
            ],
          },
        },
        ...(events.length
          ? [
              {
                data: { values: events },
                mark: { type: 'rule' as const, strokeDash: [4, 3], strokeWidth: 1, opacity: 0.6 },
                encoding: { x: { field: 't_s', type: 'quantitative' as const }, color: apiserverColour, tooltip: eventTooltip },
              },
              {
                data: { values: events },
                mark: { type: 'point' as const, filled: true, size: 80, stroke: '#1f2328', strokeWidth: 1 },
                encoding: {
                  x: { field: 't_s', type: 'quantitative' as const },
                  y: { field: 'rss_mib', type: 'quantitative' as const },
                  color: apiserverColour,
                  shape: { field: 'kind', type: 'nominal' as const, title: 'event' },
                  tooltip: eventTooltip,
                },
              },
            ]
          : []),
      ],
    } as TopLevelSpec,
  };
}

/** The bystander's share of good answers per time bucket, a line per side: the availability the load left. */
function bystanderChart(sides: SeriesSide[]): Chart | undefined {
  const values = bystanderAvailability(sides);
  if (!values.length) return undefined;
  return {
    file: 'bystander-availability',
    title: "the bystander's availability over time",
    spec: {
      ...base,
      title: 'bystander availability over time (good answers per time bucket, every repetition)',
      data: { values },
      params: legendToggle.params,
      mark: { type: 'line', strokeWidth: 2, point: { size: 14 } },
      encoding: {
        x: { field: 't_s', type: 'quantitative', title: 'time since load start (s)' },
        y: {
          field: 'availability',
          type: 'quantitative',
          title: 'bystander availability',
          axis: { format: '%' },
          scale: { domain: [0, 1] },
        },
        color: colour(sides),
        opacity: legendToggle.opacity,
        tooltip: [
          { field: 'series', type: 'nominal' },
          { field: 't_s', type: 'quantitative', title: 'bucket from (s)', format: '.0f' },
          { field: 'availability', type: 'quantitative', title: 'availability', format: '.1%' },
          { field: 'requests', type: 'quantitative' },
        ],
      },
    } as TopLevelSpec,
  };
}

export function allCharts(sides: SeriesSide[]): Chart[] {
  return [
    rssOverTime(sides),
    ...sides.map(replicaRss),
    peakRss(sides),
    rssPerStep(sides),
    syncedDistribution(sides),
    listPercentiles(sides),
    bystanderChart(sides),
  ].filter((c): c is Chart => c !== undefined);
}
