// The report's graphs as Mermaid `xychart-beta` blocks, which GitHub draws in a PR comment with no hosting. That
// chart has no legend, so each names its series in its title and in a line under it, and a series keeps its colour
// (SERIES_COLOURS, the Vega charts' too) in every chart.
import { percentile } from '../stats/stats.js';
import type { SeriesSide } from './series.js';
import { bystanderAvailability, replicaEvents, replicaRssPoints, replicasOf } from './replica-series.js';

/** One colour per compared side, in order; the Vega charts use the same range. */
export const SERIES_COLOURS = ['#0969da', '#bc4c00', '#1a7f37', '#8250df', '#bf3989', '#57606a'];
const COLOUR_NAMES = ['blue', 'orange', 'green', 'purple', 'pink', 'grey'];
const NEUTRAL_COLOUR = '#6e7781';

/** The most points a line gets: enough for the shape, few enough for a comment. */
export const MAX_POINTS = 50;

export interface MermaidChart {
  /** the fenced block, ```mermaid … ``` */
  block: string;
  /** the line under it that says which series is which */
  caption: string;
  /** points in each series, in the order they are drawn */
  points: number[];
}

const median = (xs: number[]) => percentile(xs, 50);
/** 2026-01-04T03:00:00Z as 2026-01-04 03:00 UTC */
const day = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const quoted = (s: string) => `"${s.replace(/"/g, "'")}"`;
const list = (xs: number[], digits: number) => `[${xs.map((x) => Number(x.toFixed(digits))).join(', ')}]`;
const colourOf = (i: number) => SERIES_COLOURS[i % SERIES_COLOURS.length]!;
const colourName = (i: number) => COLOUR_NAMES[i % COLOUR_NAMES.length]!;

function block(palette: string[], lines: string[], height = 320): string {
  return [
    '```mermaid',
    '---',
    'config:',
    '  xyChart:',
    '    width: 700',
    `    height: ${height}`,
    '  themeVariables:',
    '    xyChart:',
    `      plotColorPalette: "${palette.join(', ')}"`,
    '---',
    'xychart-beta',
    ...lines.map((l) => `  ${l}`),
    '```',
  ].join('\n');
}

/**
 * At most `max` points over [from, to]: each the highest sample in its slice of time (so a peak is never smoothed
 * away), or, in a slice with no sample, the line between its neighbours.
 */
export function resampleMax(curve: Array<{ t: number; v: number }>, from: number, to: number, max = MAX_POINTS): number[] {
  const sorted = [...curve].sort((a, b) => a.t - b.t);
  if (!sorted.length) return [];
  const n = Math.max(2, Math.min(max, sorted.length));
  const width = (to - from) / n;
  const at = (t: number) => {
    const after = sorted.findIndex((p) => p.t >= t);
    if (after <= 0) return sorted[after === 0 ? 0 : sorted.length - 1]!.v;
    const a = sorted[after - 1]!;
    const b = sorted[after]!;
    return a.v + ((b.v - a.v) * (t - a.t)) / (b.t - a.t);
  };
  return Array.from({ length: n }, (_, i) => {
    const lo = from + i * width;
    const hi = i === n - 1 ? to : lo + width;
    const inside = sorted.filter((p) => p.t >= lo && (i === n - 1 ? p.t <= hi : p.t < hi)).map((p) => p.v);
    return inside.length ? Math.max(...inside) : at((lo + hi) / 2);
  });
}

/** The repetition whose peak RSS is the median of its side's (the lower one of two middles). */
function medianRepetition(side: SeriesSide): number | undefined {
  const reps = side.run.figures
    .filter((f) => f.variant === side.variant && Number.isFinite(f.rssPeakBytes))
    .sort((a, b) => a.rssPeakBytes - b.rssPeakBytes);
  return reps[Math.floor((reps.length - 1) / 2)]?.rep;
}

function rssCurve(side: SeriesSide): Array<{ t: number; v: number }> {
  const rep = medianRepetition(side);
  // Several local apiservers: their sum (unlabelled) is the curve, not each one's rows (labelled apiserver="i").
  const rows = side.run.samples.filter(
    (s) => s.variant === side.variant && s.metric === 'apiserver_rss_bytes' && s.rep === rep && !s.labels.includes('apiserver="'),
  );
  // The source the figures use: /proc, else Prometheus's sum over replicas, else /metrics.
  const source = rows.some((s) => s.source === 'proc') ? 'proc' : rows.some((s) => s.source === 'prometheus') ? 'prometheus' : undefined;
  return rows.filter((s) => !source || s.source === source).map((s) => ({ t: s.t_ms / 1000, v: s.value / 2 ** 20 }));
}

/** The sides in a title where two are compared; more are named in the line under the chart only. */
const versus = (sides: SeriesSide[]) => (sides.length <= 2 ? `: ${sides.map((s) => s.label).join(' vs ')}` : '');

function seriesLine(sides: SeriesSide[], what: (label: string) => string): string {
  return `Series: ${sides.map((s, i) => `${colourName(i)} = ${what(s.label)}`).join('; ')}.`;
}

/** apiserver RSS over time, one line per side: its median repetition, over the time every side has samples. */
function rssOverTime(sides: SeriesSide[]): MermaidChart | undefined {
  const curves = sides.map(rssCurve);
  if (curves.some((c) => c.length < 2)) return undefined;
  const from = Math.max(...curves.map((c) => Math.min(...c.map((p) => p.t))));
  const to = Math.min(...curves.map((c) => Math.max(...c.map((p) => p.t))));
  if (!(to > from)) return undefined;
  const n = Math.min(MAX_POINTS, Math.max(...curves.map((c) => c.filter((p) => p.t >= from && p.t <= to).length)));
  const lines = curves.map((c) => resampleMax(c, from, to, n));
  return {
    block: block(
      sides.map((_, i) => colourOf(i)),
      [
        `title ${quoted(`apiserver RSS (MiB) over time${versus(sides)}`)}`,
        `x-axis "time since load start (s)" ${Number(from.toFixed(1))} --> ${Number(to.toFixed(1))}`,
        'y-axis "apiserver RSS (MiB)"',
        ...lines.map((l) => `line ${list(l, 1)}`),
      ],
    ),
    caption: `${seriesLine(sides, (l) => `${l} (the repetition with the median peak)`)} Each point is the highest sample in its slice of time.`,
    points: lines.map((l) => l.length),
  };
}

/** A y-axis from 0 to a round number above `top`: bars then start at 0, and their heights compare. */
function zeroTo(top: number, digits: number): string {
  const step = 10 ** Math.floor(Math.log10(top || 1)) / 2;
  return `0 --> ${Number((Math.ceil((top * 1.1) / step) * step).toFixed(digits))}`;
}

/** Peak RSS per side: one bar each, named on the x-axis, in a neutral grey (a bar series has one colour). */
function peakRss(sides: SeriesSide[]): MermaidChart | undefined {
  const peaks = sides.map((side) =>
    median(
      side.run.figures
        .filter((f) => f.variant === side.variant)
        .map((f) => f.rssPeakBytes / 2 ** 20)
        .filter(Number.isFinite),
    ),
  );
  if (!peaks.every(Number.isFinite)) return undefined;
  return {
    block: block(
      [NEUTRAL_COLOUR],
      [
        `title ${quoted(`peak apiserver RSS (MiB)${versus(sides)}`)}`,
        `x-axis [${sides.map((s) => quoted(s.label)).join(', ')}]`,
        `y-axis "peak apiserver RSS (MiB)" ${zeroTo(Math.max(...peaks), 0)}`,
        `bar ${list(peaks, 1)}`,
      ],
    ),
    caption: `One grey bar per side, named under it, the median of its repetitions: ${sides.map((s, i) => `${s.label} ${peaks[i]!.toFixed(1)} MiB`).join(', ')}.`,
    points: [peaks.length],
  };
}

/**
 * Time to synced p50 and p99: the first side as bars, every other side as a line over the same two places (xychart
 * draws bar series on top of each other, so two sides' bars would hide one another).
 */
function syncedPercentiles(sides: SeriesSide[]): MermaidChart | undefined {
  const of = (side: SeriesSide, pick: 'syncedP50Ms' | 'syncedP99Ms') =>
    median(
      side.run.figures
        .filter((f) => f.variant === side.variant && !f.targetDeath)
        .map((f) => f[pick] / 1000)
        .filter(Number.isFinite),
    );
  const values = sides.map((s) => [of(s, 'syncedP50Ms'), of(s, 'syncedP99Ms')]);
  if (!values.flat().every(Number.isFinite)) return undefined;
  const [first, ...rest] = sides;
  return {
    block: block(
      sides.map((_, i) => colourOf(i)),
      [
        `title ${quoted(`time to synced (s)${sides.length === 2 ? `: bars = ${first!.label}, line = ${rest[0]!.label}` : ''}`)}`,
        'x-axis ["p50", "p99"]',
        `y-axis "time to synced (s)" ${zeroTo(Math.max(...values.flat()), 3)}`,
        ...values.map((v, i) => `${i === 0 ? 'bar' : 'line'} ${list(v, 3)}`),
      ],
    ),
    caption: `${seriesLine(sides, (l) => `${l} (${l === first!.label ? 'bars' : 'line'})`)} Medians of the repetitions: ${sides.map((s, i) => `${s.label}: p50 ${values[i]![0]!.toFixed(3)} s, p99 ${values[i]![1]!.toFixed(3)} s`).join('; ')}.`,
    points: values.map((v) => v.length),
  };
}

/**
 * Several apiservers: each one's RSS over the side's median repetition, a line per apiserver. xychart cannot mark a
 * point, so the line under the chart lists the events (OOM kills, restarts, balancer changes) with their times.
 */
function replicaRss(side: SeriesSide): MermaidChart | undefined {
  const replicas = replicasOf(side);
  const rep = medianRepetition(side);
  if (replicas.length < 2 || rep === undefined) return undefined;
  const points = replicaRssPoints(side, [rep]);
  const curves = replicas.map((a) => points.filter((p) => p.apiserver === a).map((p) => ({ t: p.t_s, v: p.rss_mib })));
  const drawn = curves.filter((c) => c.length);
  if (drawn.length < 2 || !drawn.some((c) => c.length >= 2)) return undefined;
  // Over the time any apiserver has samples: one that died early holds its last value to the end of the chart.
  const from = Math.min(...drawn.map((c) => Math.min(...c.map((p) => p.t))));
  const to = Math.max(...drawn.map((c) => Math.max(...c.map((p) => p.t))));
  if (!(to > from)) return undefined;
  const n = Math.min(MAX_POINTS, Math.max(...drawn.map((c) => c.length)));
  const lines = curves.map((c) => (c.length ? resampleMax(c, from, to, n) : []));
  const shown = replicas.flatMap((a, i) => (lines[i]!.length ? [{ a, i }] : []));
  const events = replicaEvents(side, [rep]);
  return {
    block: block(
      shown.map(({ i }) => colourOf(i)),
      [
        `title ${quoted(`RSS of each apiserver (MiB): ${side.label}, repetition ${rep}`)}`,
        `x-axis "time since load start (s)" ${Number(from.toFixed(1))} --> ${Number(to.toFixed(1))}`,
        'y-axis "apiserver RSS (MiB)"',
        ...shown.map(({ i }) => `line ${list(lines[i]!, 1)}`),
      ],
    ),
    caption: `Series: ${shown.map(({ a, i }) => `${colourName(i)} = apiserver ${a}`).join('; ')} (${side.label}, the repetition with the median peak). Events: ${
      events.length ? events.map((e) => `apiserver ${e.apiserver} ${e.kind} at ${e.t_s.toFixed(1)} s`).join(', ') : 'none'
    }.`,
    points: shown.map(({ i }) => lines[i]!.length),
  };
}

/** The bystander's availability over time, a line per side, over the buckets every side has. */
function bystander(sides: SeriesSide[]): MermaidChart | undefined {
  const buckets = bystanderAvailability(sides);
  const per = sides.map((s) => buckets.filter((b) => b.series === s.label));
  if (per.some((b) => b.length < 2)) return undefined;
  const times = [...new Set(buckets.map((b) => b.t_s))].filter((t) => per.every((b) => b.some((x) => x.t_s === t))).sort((a, b) => a - b);
  if (times.length < 2) return undefined;
  const lines = per.map((b) => times.map((t) => 100 * b.find((x) => x.t_s === t)!.availability));
  return {
    block: block(
      sides.map((_, i) => colourOf(i)),
      [
        `title ${quoted(`bystander availability (%) over time${versus(sides)}`)}`,
        `x-axis "time since load start (s)" ${times[0]} --> ${times.at(-1)}`,
        'y-axis "good answers (%)" 0 --> 100',
        ...lines.map((l) => `line ${list(l, 1)}`),
      ],
    ),
    caption: `${seriesLine(sides, (l) => l)} Each point is the share of the bystander's requests answered well in a ${buckets[0]!.width_s} s bucket, over every repetition.`,
    points: lines.map((l) => l.length),
  };
}

/** The comparison's graphs for report.md; a chart whose data some side lacks is left out. */
export function comparisonMermaid(sides: SeriesSide[]): MermaidChart[] {
  return [rssOverTime(sides), ...sides.map(replicaRss), peakRss(sides), syncedPercentiles(sides), bystander(sides)].filter(
    (c): c is MermaidChart => c !== undefined,
  );
}

/** One series of `ksb history report`: a metric's value per run, oldest first, in the chart's unit. */
export interface TrendSeries {
  series: string;
  label: string;
  unit: string;
  runs: Array<{ run_id: string; started: string; value: number; regressed: boolean }>;
}

/**
 * A gated metric over the last runs of one series, as a line in the series' colour, the runs numbered from the
 * oldest (dates would not fit under 30 points). A point cannot be marked in xychart, so the title counts the
 * regressions and the line under the chart names them.
 */
export function trendMermaid(s: TrendSeries, colourIndex: number): MermaidChart {
  const regressions = s.runs.flatMap((r, i) => (r.regressed ? [`run ${i + 1} (${r.run_id}, ${day(r.started)})`] : []));
  const digits = s.unit === 's' ? 3 : 1;
  const line = s.runs.map((r) => r.value);
  return {
    block: block(
      [colourOf(colourIndex)],
      [
        `title ${quoted(`${s.label} (${s.unit}), last ${s.runs.length} runs${regressions.length ? `, ${regressions.length} regressed` : ''}`)}`,
        `x-axis "run, oldest first" 1 --> ${s.runs.length}`,
        `y-axis ${quoted(`${s.label} (${s.unit})`)}`,
        `line ${list(line, digits)}`,
      ],
    ),
    caption: `Series: ${colourName(colourIndex)} line = ${s.series}, one point per run: run 1 started ${day(s.runs[0]!.started)}, run ${s.runs.length} ${day(s.runs.at(-1)!.started)}${
      regressions.length ? `. Regressions: ${regressions.join(', ')}` : ''
    }.`,
    points: [line.length],
  };
}
