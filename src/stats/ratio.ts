// The one ratio: candidate / baseline as the ratio of geometric means, with Welch's t interval on the log values.
// Memory and latency are right-skewed and compared as ratios, so the log scale is where their noise is symmetric;
// bench/stats-bench.ts shows this interval keeps its 95% coverage at 3 repetitions a side, where the percentile
// bootstrap of a ratio of means did not.
import { mean, stddev } from './stats.js';
import { tQuantile } from './student-t.js';

const LEVEL = 0.95;

export interface RatioEstimate {
  /** candidate / baseline (ratio of geometric means) */
  ratio: number;
  /** the 95% interval of the ratio; NaN when there is none (see `problem`) */
  low: number;
  high: number;
  nBaseline: number;
  nCandidate: number;
  /** standard error of the log ratio, and its Welch–Satterthwaite degrees of freedom */
  se: number;
  df: number;
  /** pooled standard deviation of the log values (≈ the coefficient of variation when small) */
  logSd: number;
  /** why there is no interval */
  problem?: 'too-few' | 'not-positive';
}

function variance(xs: number[]): number {
  return stddev(xs) ** 2;
}

/** Welch's t interval of mean(log candidate) - mean(log baseline), exponentiated. Needs positive values. */
export function ratioInterval(baseline: number[], candidate: number[], level = LEVEL): RatioEstimate {
  const nb = baseline.length;
  const nc = candidate.length;
  const none = { low: NaN, high: NaN, nBaseline: nb, nCandidate: nc, se: NaN, df: NaN, logSd: NaN };
  if ([...baseline, ...candidate].some((x) => !(x > 0)))
    return { ...none, ratio: mean(candidate) / mean(baseline), problem: 'not-positive' };
  const lb = baseline.map(Math.log);
  const lc = candidate.map(Math.log);
  const d = mean(lc) - mean(lb);
  const ratio = Math.exp(d);
  if (nb < 2 || nc < 2) return { ...none, ratio, problem: 'too-few' };
  const vb = variance(lb) / nb;
  const vc = variance(lc) / nc;
  const se = Math.sqrt(vb + vc);
  const logSd = Math.sqrt(((nb - 1) * variance(lb) + (nc - 1) * variance(lc)) / (nb + nc - 2));
  // Identical repetitions on both sides (a count, a byte size): the ratio is exact.
  if (se === 0) return { ratio, low: ratio, high: ratio, nBaseline: nb, nCandidate: nc, se: 0, df: nb + nc - 2, logSd: 0 };
  const df = (vb + vc) ** 2 / (vb ** 2 / (nb - 1) + vc ** 2 / (nc - 1));
  const q = tQuantile(1 - (1 - level) / 2, df);
  return { ratio, low: Math.exp(d - q * se), high: Math.exp(d + q * se), nBaseline: nb, nCandidate: nc, se, df, logSd };
}

/**
 * One new value against earlier ones (a nightly run against the runs before it): the 95% prediction interval of
 * value / geometric mean of the earlier ones, with the spread of the earlier ones standing for the new one's.
 */
export function predictionRatio(earlier: number[], value: number, level = LEVEL): RatioEstimate {
  const n = earlier.length;
  const none = { low: NaN, high: NaN, nBaseline: n, nCandidate: 1, se: NaN, df: NaN, logSd: NaN };
  if (!(value > 0) || earlier.some((x) => !(x > 0))) return { ...none, ratio: value / mean(earlier), problem: 'not-positive' };
  const logs = earlier.map(Math.log);
  const ratio = Math.exp(Math.log(value) - mean(logs));
  if (n < 2) return { ...none, ratio, problem: 'too-few' };
  const logSd = stddev(logs);
  const se = logSd * Math.sqrt(1 + 1 / n);
  if (se === 0) return { ratio, low: ratio, high: ratio, nBaseline: n, nCandidate: 1, se: 0, df: n - 1, logSd: 0 };
  const q = tQuantile(1 - (1 - level) / 2, n - 1);
  return { ratio, low: ratio * Math.exp(-q * se), high: ratio * Math.exp(q * se), nBaseline: n, nCandidate: 1, se, df: n - 1, logSd };
}

/** The 95% t interval of the mean (for charts that show a mean per series); none for fewer than 2 values. */
export function meanInterval(xs: number[], level = LEVEL): { mean: number; low: number; high: number } {
  const m = mean(xs);
  if (xs.length < 2) return { mean: m, low: NaN, high: NaN };
  const half = (tQuantile(1 - (1 - level) / 2, xs.length - 1) * stddev(xs)) / Math.sqrt(xs.length);
  return { mean: m, low: m - half, high: m + half };
}
