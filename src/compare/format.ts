// Comparison output: sentences, a terminal table, and comparison.csv rows.
import { formatValue, metricByKey, verbOf } from '../metrics/metrics.js';
import { mean, stddev } from '../stats/stats.js';
import { boundCell, boundSentence, meanPm, ratioCell, ratioSentence } from '../stats/wording.js';
import type { MetricComparison } from './compare.js';

/** "streaming used 5.72× less peak apiserver memory than legacy (95% CI 5.50–5.95×)" */
export function sentence(r: MetricComparison, baseline: string, candidate: string): string | undefined {
  if (r.events) return undefined;
  if (r.bound) {
    if (r.bound === 'none') return undefined;
    return boundSentence(
      { bound: r.bound, ratio: r.estimate.ratio, why: r.cutWhy ?? '' },
      { candidate, baseline, label: r.label, verb: verbOf(metricByKey(r.metric)) },
    );
  }
  return ratioSentence(r.estimate, { candidate, baseline, label: r.label, verb: verbOf(metricByKey(r.metric)) });
}

export function sideCell(xs: number[], unit: MetricComparison['unit']): string {
  return meanPm(xs, (x) => formatValue(x, unit));
}

export function ratioColumn(r: MetricComparison): string {
  if (r.bound) return boundCell({ bound: r.bound, ratio: r.estimate.ratio });
  return r.events ? '—' : ratioCell(r.estimate);
}

/** "≥ 12%": the change this comparison calls 4 times in 5; blank where it has no interval. */
export function detectableColumn(r: MetricComparison): string {
  return Number.isFinite(r.detectable) ? `≥ ${Math.round(r.detectable * 100)}%` : '';
}

/** "n = 3 baseline and 5 candidate repetitions: different counts, which the interval allows for" */
export function repetitionsLine(rows: MetricComparison[]): string {
  const nb = Math.max(0, ...rows.map((r) => r.baselineValues.length));
  const nc = Math.max(0, ...rows.map((r) => r.candidateValues.length));
  return nb === nc
    ? `n = ${nb} repetitions a side`
    : `n = ${nb} baseline and ${nc} candidate repetitions: different counts, which Welch's interval allows for`;
}

/** "reported, not gated: apiserver_rss_peak_bytes (catches ≥ 41% here)" for default-gated metrics --gate left out. */
export function ungatedLine(rows: MetricComparison[]): string | undefined {
  if (!rows.length) return undefined;
  return `reported, not gated (--gate names the others): ${rows.map((r) => `${r.metric}${Number.isFinite(r.detectable) ? ` (catches ≥ ${Math.round(r.detectable * 100)}% at the noise here)` : ''}`).join(', ')}`;
}

export function formatTable(rows: MetricComparison[], baseline: string, candidate: string): string {
  const header = ['metric', baseline, candidate, 'ratio [95% CI]', 'detects', 'verdict'];
  const body = rows.map((r) => [
    r.metric,
    sideCell(r.baselineValues, r.unit),
    sideCell(r.candidateValues, r.unit),
    ratioColumn(r),
    detectableColumn(r),
    `${r.verdict}${r.gated ? ' (gated)' : ''}${r.note ? ` — ${r.note}` : ''}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [header, ...body].map((cols) => cols.map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

export const COMPARISON_COLUMNS = [
  'metric',
  'baseline',
  'candidate',
  'ratio',
  'ci_low',
  'ci_high',
  'verdict',
  'unit',
  'baseline_sd',
  'candidate_sd',
  'n_baseline',
  'n_candidate',
  'threshold',
  'gated',
  'note',
  'detectable_change',
  'bound',
] as const;

export function comparisonCsvRows(rows: MetricComparison[]): Array<Record<(typeof COMPARISON_COLUMNS)[number], string | number | boolean>> {
  const r6 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : '');
  const sd = (xs: number[]) => (xs.length > 1 ? r6(stddev(xs)) : '');
  return rows.map((r) => ({
    metric: r.metric,
    baseline: r6(mean(r.baselineValues)),
    candidate: r6(mean(r.candidateValues)),
    ratio: r.events || r.bound === 'none' ? '' : r6(r.estimate.ratio),
    ci_low: r6(r.estimate.low),
    ci_high: r6(r.estimate.high),
    verdict: r.verdict,
    unit: r.unit,
    baseline_sd: sd(r.baselineValues),
    candidate_sd: sd(r.candidateValues),
    n_baseline: r.baselineValues.length,
    n_candidate: r.candidateValues.length,
    threshold: r6(r.threshold),
    gated: r.gated,
    note: r.note,
    detectable_change: r6(r.detectable),
    // at-most / at-least: ratio is a bound (a side's target died); none: no ratio (both sides died)
    bound: r.bound ?? '',
  }));
}
