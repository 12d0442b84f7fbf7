// How large a change a comparison can catch, and how many repetitions it takes: the same rule as verdictOf
// (the interval excludes 1 and the ratio is beyond the threshold), solved for the change or for n.
import type { RatioEstimate } from './ratio.js';
import { tQuantile } from './student-t.js';

/** "Detectable" changes are detected with probability 0.8: its normal quantile. */
const Z_POWER = 0.8416212335729143;
/** Above this many repetitions a side, a count is reported as out of reach. */
export const MAX_REPS = 200;

/** The log-scale standard deviation of a log-normal with this coefficient of variation. */
export function logSdOfCv(cv: number): number {
  return Math.sqrt(Math.log1p(cv * cv));
}

/** The coefficient of variation of a log-normal with this log-scale standard deviation. */
export function cvOfLogSd(logSd: number): number {
  return Math.sqrt(Math.expm1(logSd * logSd));
}

/**
 * The relative change (0.1 = 10%) that a comparison with this standard error of the log ratio calls 4 times in 5.
 * Two conditions: the t statistic clears the 95% critical value c (the normal approximation of the noncentral t:
 * the mean log ratio must be c + z·sqrt(1 + c²/2df) standard errors, the root term for the noise of the estimated
 * standard error, which matters at 3 repetitions), and the ratio clears the threshold (z standard errors above it).
 */
export function detectableChange(se: number, df: number, threshold: number): number {
  if (!(se >= 0) || !(df > 0)) return NaN;
  const c = tQuantile(0.975, df);
  return Math.expm1(Math.max(se * (c + Z_POWER * Math.sqrt(1 + (c * c) / (2 * df))), Math.log1p(threshold) + Z_POWER * se));
}

/**
 * Repetitions a side (equal sides) at which a change is detected 4 times in 5; Infinity past MAX_REPS. At least 3:
 * with 2, one spread estimate from 2 values per side is too rough for the approximation above (or for a verdict).
 */
export function repsToDetect(logSd: number, change: number, threshold: number): number {
  for (let n = 3; n <= MAX_REPS; n++) if (detectableChange(logSd * Math.sqrt(2 / n), 2 * n - 2, threshold) <= change) return n;
  return Infinity;
}

/**
 * Repetitions a side at which the interval, with the spread seen so far and the ratio where it is, would be narrow
 * enough for a verdict: inside the ±threshold band (unchanged), or clear of 1 (changed). Infinity past MAX_REPS.
 */
export function repsToDecide(e: RatioEstimate, threshold: number): number {
  if (!(e.logSd >= 0)) return Infinity;
  const d = Math.abs(Math.log(e.ratio));
  const band = Math.log1p(threshold);
  const room = d >= band ? d : band - d;
  for (let n = 2; n <= MAX_REPS; n++) if (tQuantile(0.975, 2 * n - 2) * e.logSd * Math.sqrt(2 / n) < room) return n;
  return Infinity;
}
