// Verdicts from a ratio's confidence interval against a threshold. Lower is better for every metric here.
import type { Interval } from './bootstrap.js';

export type Verdict = 'improved' | 'regressed' | 'unchanged' | 'inconclusive';

const MIN_REPS = 2;

export interface VerdictInput {
  nBaseline: number;
  nCandidate: number;
  /** candidate / baseline */
  ci: Interval;
  /** e.g. 0.05 for 5% */
  threshold: number;
}

export function verdictOf(v: VerdictInput): { verdict: Verdict; note: string } {
  if (v.nBaseline < MIN_REPS || v.nCandidate < MIN_REPS) {
    return {
      verdict: 'inconclusive',
      note: `too few repetitions (${v.nBaseline} vs ${v.nCandidate}; need >= ${MIN_REPS} each, e.g. --reps 3)`,
    };
  }
  if (!Number.isFinite(v.ci.low) || !Number.isFinite(v.ci.high))
    return { verdict: 'inconclusive', note: 'no finite ratio (a side is zero or missing)' };
  const lo = 1 - v.threshold;
  const hi = 1 + v.threshold;
  if (v.ci.high < lo) return { verdict: 'improved', note: '' };
  if (v.ci.low > hi) return { verdict: 'regressed', note: '' };
  if (v.ci.low >= lo && v.ci.high <= hi) return { verdict: 'unchanged', note: '' };
  return { verdict: 'inconclusive', note: `the 95% interval crosses the ±${Math.round(v.threshold * 100)}% threshold` };
}

/** Counts (errors) compare totals: any change is a change. */
export function countVerdict(baseline: number[], candidate: number[]): { verdict: Verdict; note: string } {
  const b = baseline.reduce((a, x) => a + x, 0);
  const c = candidate.reduce((a, x) => a + x, 0);
  if (c === b) return { verdict: 'unchanged', note: `${c} vs ${b}` };
  return { verdict: c > b ? 'regressed' : 'improved', note: `${c} vs ${b} in total` };
}
