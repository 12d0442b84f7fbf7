// Baseline vs candidate: per metric, the ratio with a bootstrap 95% interval and a verdict.
import type { RepFigures } from '../results/summary.js';
import { bootstrapRatioCI, seedFrom } from '../stats/bootstrap.js';
import { METRICS, type MetricDef } from './metrics.js';
import { mean, ratioOf, stddev } from '../stats/stats.js';
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
  baseline: number;
  baselineSd: number;
  candidate: number;
  candidateSd: number;
  nBaseline: number;
  nCandidate: number;
  /** candidate / baseline */
  ratio: number;
  /** propagated σ of the ratio, hyperfine style */
  ratioSd: number;
  ciLow: number;
  ciHigh: number;
  threshold: number;
  verdict: Verdict;
  note: string;
  gated: boolean;
}

export interface CompareOptions {
  threshold: number;
  perMetricThreshold?: Record<string, number>;
  gates?: string[];
  seed?: number;
}

export function compareSides(baseline: Side, candidate: Side, o: CompareOptions): MetricComparison[] {
  const out: MetricComparison[] = [];
  for (const m of METRICS) {
    const a = baseline.figures.map(m.of).filter(Number.isFinite);
    const b = candidate.figures.map(m.of).filter(Number.isFinite);
    if (!a.length || !b.length) continue;
    const threshold = o.perMetricThreshold?.[m.key] ?? o.threshold;
    const ci = bootstrapRatioCI(a, b, seedFrom(m.key, o.seed ?? 0));
    const { ratio, sigma } = ratioOf(b, a);
    const judged = m.unit === 'count' ? countVerdict(a, b) : verdictOf({ nBaseline: a.length, nCandidate: b.length, ci, threshold });
    out.push({
      metric: m.key,
      label: m.label,
      unit: m.unit,
      baseline: mean(a),
      baselineSd: stddev(a),
      candidate: mean(b),
      candidateSd: stddev(b),
      nBaseline: a.length,
      nCandidate: b.length,
      ratio,
      ratioSd: sigma,
      ciLow: ci.low,
      ciHigh: ci.high,
      threshold,
      verdict: judged.verdict,
      note: judged.note,
      gated: o.gates ? o.gates.includes(m.key) : m.gated,
    });
  }
  return out;
}

export function regressedGates(rows: MetricComparison[]): MetricComparison[] {
  return rows.filter((r) => r.gated && r.verdict === 'regressed');
}
