// Baseline vs candidate: per metric, the ratio with its 95% interval, a verdict, and the smallest change this
// comparison would catch.
import type { RepFigures } from '../metrics/rep-figures.js';
import { METRICS, type MetricDef } from '../metrics/metrics.js';
import { detectableChange } from '../stats/power.js';
import { ratioInterval, type RatioEstimate } from '../stats/ratio.js';
import { mean } from '../stats/stats.js';
import { countVerdict, verdictOf, type Verdict } from '../stats/verdict.js';

export interface Side {
  /** e.g. "legacy" or "main:streaming" */
  label: string;
  figures: RepFigures[];
}

export interface MetricComparison {
  metric: string;
  label: string;
  unit: MetricDef['unit'];
  /** the values per repetition, baseline and candidate */
  baselineValues: number[];
  candidateValues: number[];
  /** candidate / baseline with its interval (RatioEstimate.ratio is the ratio of geometric means) */
  estimate: RatioEstimate;
  /** the threshold applied: --threshold, or larger where the metric's noise floor is */
  threshold: number;
  verdict: Verdict;
  note: string;
  gated: boolean;
  /** events (errors): judged as rates per repetition, no ratio */
  events: boolean;
  /** the relative change this comparison calls 4 times in 5 (at the spread seen); NaN without an interval */
  detectable: number;
}

export interface CompareOptions {
  threshold: number;
  perMetricThreshold?: Record<string, number>;
  gates?: string[];
}

/** The threshold for a metric: the chosen one, raised to the metric's noise floor relative to the baseline. */
function thresholdFor(m: MetricDef, chosen: number, baseline: number[]): number {
  return m.floor && mean(baseline) > 0 ? Math.max(chosen, m.floor / mean(baseline)) : chosen;
}

export function compareSides(baseline: Side, candidate: Side, o: CompareOptions): MetricComparison[] {
  const out: MetricComparison[] = [];
  for (const m of METRICS) {
    const a = baseline.figures.map(m.of).filter(Number.isFinite);
    const b = candidate.figures.map(m.of).filter(Number.isFinite);
    if (!a.length || !b.length) continue;
    const chosen = o.perMetricThreshold?.[m.key] ?? o.threshold;
    const threshold = thresholdFor(m, chosen, a);
    const estimate = ratioInterval(a, b);
    const judged = m.events ? countVerdict(a, b) : verdictOf(estimate, { threshold });
    const floorNote = threshold > chosen ? `threshold ${Math.round(threshold * 100)}%: the ${m.floor} ${m.unit} noise floor` : '';
    out.push({
      metric: m.key,
      label: m.label,
      unit: m.unit,
      baselineValues: a,
      candidateValues: b,
      estimate,
      threshold,
      verdict: judged.verdict,
      note: [judged.note, floorNote].filter(Boolean).join('; '),
      gated: o.gates ? o.gates.includes(m.key) : m.gated,
      events: m.events ?? false,
      detectable: m.events ? NaN : detectableChange(estimate.se, estimate.df, threshold),
    });
  }
  return out;
}

export function regressedGates(rows: MetricComparison[]): MetricComparison[] {
  return rows.filter((r) => r.gated && r.verdict === 'regressed');
}

/** Metrics gated by default that this comparison does not gate (--gate named others): reported only. */
export function ungatedDefaults(rows: MetricComparison[]): MetricComparison[] {
  return rows.filter((r) => !r.gated && METRICS.some((m) => m.key === r.metric && m.gated));
}
