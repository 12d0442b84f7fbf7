// Comparison output: hyperfine-style sentences, a terminal table, and comparison.csv rows.
import { formatBytes } from '../workload/units.js';
import type { MetricComparison } from './compare.js';

export function formatValue(v: number, unit: MetricComparison['unit']): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (unit === 'bytes') return formatBytes(v);
  if (unit === 'ms') return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
  if (unit === 'seconds') return `${v.toFixed(2)} s`;
  return v.toFixed(v % 1 ? 1 : 0);
}

/** "streaming used 9.80 ± 0.40 × less peak apiserver memory than legacy" */
export function sentence(r: MetricComparison, baseline: string, candidate: string): string | undefined {
  if (!Number.isFinite(r.ratio) || r.ratio <= 0 || r.unit === 'count') return undefined;
  const less = r.ratio <= 1;
  const factor = less ? 1 / r.ratio : r.ratio;
  const sd = less ? r.ratioSd / r.ratio ** 2 : r.ratioSd; // σ of 1/x ≈ σx / x²
  return `${candidate} ${r.unit === 'ms' ? 'took' : 'used'} ${factor.toFixed(2)} ± ${sd.toFixed(2)} × ${less ? 'less' : 'more'} ${r.label} than ${baseline}`;
}

export function formatTable(rows: MetricComparison[], baseline: string, candidate: string): string {
  const header = ['metric', baseline, candidate, 'ratio [95% CI]', 'verdict'];
  const body = rows.map((r) => [
    r.metric,
    `${formatValue(r.baseline, r.unit)} ± ${formatValue(r.baselineSd, r.unit)}`,
    `${formatValue(r.candidate, r.unit)} ± ${formatValue(r.candidateSd, r.unit)}`,
    Number.isFinite(r.ratio) ? `${r.ratio.toFixed(3)} [${r.ciLow.toFixed(3)}, ${r.ciHigh.toFixed(3)}]` : 'n/a',
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
] as const;

export function comparisonCsvRows(rows: MetricComparison[]): Array<Record<(typeof COMPARISON_COLUMNS)[number], string | number | boolean>> {
  const r6 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : '');
  return rows.map((r) => ({
    metric: r.metric,
    baseline: r6(r.baseline),
    candidate: r6(r.candidate),
    ratio: r6(r.ratio),
    ci_low: r6(r.ciLow),
    ci_high: r6(r.ciHigh),
    verdict: r.verdict,
    unit: r.unit,
    baseline_sd: r6(r.baselineSd),
    candidate_sd: r6(r.candidateSd),
    n_baseline: r.nBaseline,
    n_candidate: r.nCandidate,
    threshold: r.threshold,
    gated: r.gated,
    note: r.note,
  }));
}
