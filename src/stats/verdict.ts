// Verdicts. A change is called when the 95% interval of the ratio excludes 1 (so no change would show it in at most
// 5% of comparisons) and the ratio itself is beyond the threshold (so the change is big enough to matter);
// "unchanged" needs the whole interval inside ±threshold. Anything else is inconclusive, and says what would settle it.
import { cvOfLogSd, MAX_REPS, repsToDecide } from './power.js';
import type { RatioEstimate } from './ratio.js';
import { lnGamma } from './student-t.js';

export type Verdict = 'improved' | 'regressed' | 'unchanged' | 'inconclusive';
export type Better = 'lower' | 'higher';

export interface Judged {
  verdict: Verdict;
  note: string;
}

const pct = (x: number) => `${+(x * 100).toFixed(1)}%`;

/** The rule alone (what the statistics simulation runs); verdictOf adds why and what would settle it. */
export function decide(e: Pick<RatioEstimate, 'ratio' | 'low' | 'high'>, o: { threshold: number; better?: Better }): Verdict {
  const t = o.threshold;
  const higher = e.low > 1 && e.ratio > 1 + t;
  const lower = e.high < 1 && e.ratio < 1 - t;
  if (higher || lower) return higher === ((o.better ?? 'lower') === 'lower') ? 'regressed' : 'improved';
  if (e.low >= 1 - t && e.high <= 1 + t) return 'unchanged';
  return 'inconclusive';
}

export function verdictOf(e: RatioEstimate, o: { threshold: number; better?: Better }): Judged {
  const t = o.threshold;
  if (e.problem === 'not-positive')
    return { verdict: 'inconclusive', note: 'a value ≤ 0: ratios are judged on log values, which must be positive' };
  if (e.problem === 'too-few') {
    const short = [e.nBaseline < 2 ? `${2 - e.nBaseline} more baseline` : '', e.nCandidate < 2 ? `${2 - e.nCandidate} more candidate` : '']
      .filter(Boolean)
      .join(' and ');
    return {
      verdict: 'inconclusive',
      note: `n=${e.nBaseline} vs ${e.nCandidate}: no spread to judge from; an interval needs 2 repetitions a side (${short}; 3 a side or more to catch anything but a large change)`,
    };
  }
  const verdict = decide(e, o);
  if (verdict !== 'inconclusive') return { verdict, note: '' };
  const why = e.low > 1 || e.high < 1 ? `a change, but not clearly beyond ±${pct(t)}` : `the interval spans both no change and ±${pct(t)}`;
  const n = repsToDecide(e, t);
  const have = Math.min(e.nBaseline, e.nCandidate);
  const cv = `CV ≈ ${pct(cvOfLogSd(e.logSd))}`;
  return {
    verdict: 'inconclusive',
    note: Number.isFinite(n)
      ? `${why}; about ${n} repetitions a side (${Math.max(1, n - have)} more) would settle it, judging by the spread so far (${cv})`
      : `${why}; more than ${MAX_REPS} repetitions a side would be needed at this spread (${cv}) with the ratio this close to ±${pct(t)}`,
  };
}

/** P(X >= k) for X ~ Binomial(n, p), summed in log space so that thousands of errors do not underflow. */
function binomialUpperTail(n: number, p: number, k: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let sum = 0;
  for (let i = k; i <= n; i++)
    sum += Math.exp(lnGamma(n + 1) - lnGamma(i + 1) - lnGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log1p(-p));
  return Math.min(1, sum);
}

/**
 * Counts (errors): more errors per repetition is a regression when chance cannot explain it. Given the total, the
 * candidate's share of the errors is binomial with its share of the repetitions if nothing changed (the exact test
 * of two Poisson rates); each direction is called below 2.5%, as each end of the 95% interval is.
 */
export function countVerdict(baseline: number[], candidate: number[]): Judged {
  const b = baseline.reduce((a, x) => a + x, 0);
  const c = candidate.reduce((a, x) => a + x, 0);
  const nb = baseline.length;
  const nc = candidate.length;
  const counts = nb === nc ? `${c} vs ${b} in total` : `${c} in ${nc} repetitions vs ${b} in ${nb}`;
  if (c * nb === b * nc) return { verdict: 'unchanged', note: b === 0 ? '' : counts };
  const share = nc / (nb + nc);
  const up = binomialUpperTail(b + c, share, c);
  const down = 1 - binomialUpperTail(b + c, share, c + 1);
  if (up < 0.025) return { verdict: 'regressed', note: counts };
  if (down < 0.025) return { verdict: 'improved', note: counts };
  return { verdict: 'inconclusive', note: `${counts}: within chance (p = ${Math.min(1, 2 * Math.min(up, down)).toFixed(2)})` };
}
