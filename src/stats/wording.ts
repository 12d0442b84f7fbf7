// How a spread and a ratio are written, in one place: the run summary, compare and the report all print these.
import { mean, stddev } from './stats.js';
import type { RatioEstimate } from './ratio.js';

/** "1.2 GiB ± 268 MiB" (mean ± σ); one value is printed as it is, with "(n=1)": it has no spread. */
export function meanPm(xs: number[], format: (x: number) => string): string {
  if (!xs.length) return 'n/a';
  return xs.length === 1 ? `${format(xs[0]!)} (n=1)` : `${format(mean(xs))} ± ${format(stddev(xs))}`;
}

/** "1.034 [0.951, 1.124]": the ratio and its 95% interval; "1.034 (n=1 vs 3)" when there is no interval. */
export function ratioCell(e: RatioEstimate): string {
  if (e.problem === 'not-positive' || !Number.isFinite(e.ratio)) return 'n/a';
  if (e.problem === 'too-few') return `${e.ratio.toFixed(3)} (n=${e.nBaseline} vs ${e.nCandidate})`;
  return `${e.ratio.toFixed(3)} [${e.low.toFixed(3)}, ${e.high.toFixed(3)}]`;
}

/**
 * "streaming used 5.72× less peak apiserver memory than legacy (95% CI 5.50–5.95×)": the factor is the ratio or its
 * inverse, whichever is ≥ 1, and its interval is inverted with it. Without an interval: "(n=1 vs 1: no interval)".
 */
export function ratioSentence(
  e: RatioEstimate,
  o: { candidate: string; baseline: string; label: string; verb: string },
): string | undefined {
  if (e.problem === 'not-positive' || !(e.ratio > 0) || !Number.isFinite(e.ratio)) return undefined;
  const less = e.ratio < 1;
  const factor = less ? 1 / e.ratio : e.ratio;
  const [lo, hi] = less ? [1 / e.high, 1 / e.low] : [e.low, e.high];
  const spread = Number.isFinite(lo) ? `95% CI ${lo.toFixed(2)}–${hi.toFixed(2)}×` : `n=${e.nBaseline} vs ${e.nCandidate}: no interval`;
  return `${o.candidate} ${o.verb} ${factor.toFixed(2)}× ${less ? 'less' : 'more'} ${o.label} than ${o.baseline} (${spread})`;
}

/**
 * A ratio that is only a bound (one side's curve cut off by a kill): "streaming used ≥ 2.61× less apiserver memory
 * growth than legacy (a lower bound: …)". `bound` says which way candidate / baseline is bounded; a bound that
 * does not say which side used less (e.g. at most 1.2×) is written as such: "used at most 1.20× the … of".
 */
export function boundSentence(
  b: { bound: 'at-most' | 'at-least'; ratio: number; why: string },
  o: { candidate: string; baseline: string; label: string; verb: string },
): string | undefined {
  if (!(b.ratio > 0) || !Number.isFinite(b.ratio)) return undefined;
  const why = `(a bound, not a measurement: ${b.why})`;
  if (b.bound === 'at-most' && b.ratio <= 1)
    return `${o.candidate} ${o.verb} ≥ ${(1 / b.ratio).toFixed(2)}× less ${o.label} than ${o.baseline} ${why}`;
  if (b.bound === 'at-least' && b.ratio >= 1)
    return `${o.candidate} ${o.verb} ≥ ${b.ratio.toFixed(2)}× more ${o.label} than ${o.baseline} ${why}`;
  const rel = b.bound === 'at-most' ? 'at most' : 'at least';
  return `${o.candidate} ${o.verb} ${rel} ${b.ratio.toFixed(2)}× the ${o.label} of ${o.baseline} ${why}`;
}

/** The ratio column of a bound: "≤ 0.383", "≥ 1.304", or "—" where both sides were cut. */
export function boundCell(b: { bound: 'at-most' | 'at-least' | 'none'; ratio: number }): string {
  if (b.bound === 'none' || !Number.isFinite(b.ratio)) return '— (both cut)';
  return `${b.bound === 'at-most' ? '≤' : '≥'} ${b.ratio.toFixed(3)} (bound)`;
}
