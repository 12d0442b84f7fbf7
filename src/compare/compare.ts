// Baseline vs candidate: per metric, the ratio with its 95% interval, a verdict, and the smallest change this
// comparison would catch.
import type { RepFigures } from '../metrics/rep-figures.js';
import { METRICS, type MetricDef } from '../metrics/metrics.js';
import { detectableChange } from '../stats/power.js';
import { ratioInterval, type RatioEstimate } from '../stats/ratio.js';
import { mean } from '../stats/stats.js';
import { countVerdict, verdictOf, type Judged, type Verdict } from '../stats/verdict.js';
import { cutRatio, usableValues, type CutRatio } from '../results/target-end.js';

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
  /**
   * A side's target died (OOM-killed) in some repetition: estimate.ratio is then a bound of candidate / baseline
   * (at-most, at-least), or no ratio at all where both sides were cut (none); never a measured ratio.
   */
  bound?: 'at-most' | 'at-least' | 'none';
  /** with bound: which side died and why that makes the ratio a bound */
  cutWhy?: string;
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
    // A repetition whose target died counts only where its value is a lower bound (results/target-end.ts).
    const a = usableValues(baseline.figures, m.key, m.of);
    const b = usableValues(candidate.figures, m.key, m.of);
    if (!a.length || !b.length) continue;
    const chosen = o.perMetricThreshold?.[m.key] ?? o.threshold;
    const threshold = thresholdFor(m, chosen, a);
    const cut = cutRatio(m.key, m.of, baseline, candidate);
    const estimate = cut ? { ...ratioInterval(a, b), ratio: cut.ratio, low: NaN, high: NaN } : ratioInterval(a, b);
    const judged = cut ? boundVerdict(cut, threshold) : m.events ? countVerdict(a, b) : verdictOf(estimate, { threshold });
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
      detectable: m.events || cut ? NaN : detectableChange(estimate.se, estimate.df, threshold),
      ...(cut ? { bound: cut.bound, cutWhy: cut.why } : {}),
    });
  }
  return out;
}

/**
 * A bound decides only when it lies beyond the threshold on its own side: the baseline cut with candidate / baseline
 * ≤ 0.6 is an improvement, whatever the baseline would have reached; ≤ 1.2 says nothing.
 */
function boundVerdict(cut: CutRatio, threshold: number): Judged {
  if (cut.bound === 'at-most' && cut.ratio < 1 - threshold)
    return { verdict: 'improved', note: `ratio ≤ ${cut.ratio.toFixed(3)}: ${cut.why}` };
  if (cut.bound === 'at-least' && cut.ratio > 1 + threshold)
    return { verdict: 'regressed', note: `ratio ≥ ${cut.ratio.toFixed(3)}: ${cut.why}` };
  return { verdict: 'inconclusive', note: cut.why };
}

export function regressedGates(rows: MetricComparison[]): MetricComparison[] {
  return rows.filter((r) => r.gated && r.verdict === 'regressed');
}

/** Metrics gated by default that this comparison does not gate (--gate named others): reported only. */
export function ungatedDefaults(rows: MetricComparison[]): MetricComparison[] {
  return rows.filter((r) => !r.gated && METRICS.some((m) => m.key === r.metric && m.gated));
}
