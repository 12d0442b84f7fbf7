// The arithmetic against values worked out by hand (or read from printed t tables), never recomputed with the
// functions under test.
import test from 'ava';
import { detectableChange, repsToDecide } from '../../src/stats/power.js';
import { meanInterval, predictionRatio, ratioInterval, type RatioEstimate } from '../../src/stats/ratio.js';
import { max, mean, percentile, stddev } from '../../src/stats/stats.js';
import { tCdf, tQuantile } from '../../src/stats/student-t.js';
import { countVerdict, decide, verdictOf } from '../../src/stats/verdict.js';
import { meanPm, ratioCell, ratioSentence } from '../../src/stats/wording.js';

const close = (a: number, b: number, eps = 1e-6) => Math.abs(a - b) < eps;

const cases: Array<[string, () => number, number]> = [
  ['mean', () => mean([1, 2, 3, 4]), 2.5],
  ['stddev n-1', () => stddev([2, 4, 4, 4, 5, 5, 7, 9]), Math.sqrt(32 / 7)],
  ['stddev single', () => stddev([5]), 0],
  ['p50 odd', () => percentile([3, 1, 2], 50), 2],
  ['p50 even interpolates', () => percentile([1, 2, 3, 4], 50), 2.5],
  ['p90 of 1..10', () => percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9.1],
  ['p0 is min', () => percentile([5, 7], 0), 5],
  ['max', () => max([3, 9, 2]), 9],
];
for (const [name, f, expected] of cases) {
  test(`stats: ${name}`, (t) => {
    t.true(close(f(), expected, 1e-9), `${f()} != ${expected}`);
  });
}

// Two-sided 95% (0.975 quantile) and other quantiles of Student's t, as printed in tables.
const tTable: Array<[number, number, number]> = [
  [0.975, 1, 12.7062],
  [0.975, 2, 4.3027],
  [0.975, 3, 3.1824],
  [0.975, 4, 2.7764],
  [0.975, 5, 2.5706],
  [0.975, 9, 2.2622],
  [0.975, 10, 2.2281],
  [0.975, 30, 2.0423],
  [0.8, 4, 0.941],
  [0.995, 3, 5.8409],
  [0.025, 4, -2.7764],
];
for (const [p, df, expected] of tTable) {
  test(`t quantile: p=${p}, df=${df} is ${expected}`, (t) => {
    t.true(close(tQuantile(p, df), expected, 1e-4), String(tQuantile(p, df)));
  });
}

test('t distribution: the CDF at a tabled quantile, and Welch’s fractional degrees of freedom round-trip', (t) => {
  t.true(close(tCdf(2.7764, 4), 0.975, 1e-5));
  t.true(close(tCdf(-1, 1), 0.25, 1e-12), 'Cauchy: atan(-1)/π + 1/2');
  t.true(close(tCdf(tQuantile(0.975, 1.897), 1.897), 0.975, 1e-10));
  t.true(tQuantile(0.975, 1.897) > 4.3027 && tQuantile(0.975, 1.897) < 12.7062, 'between df 1 and 2');
  t.throws(() => tQuantile(1, 3), { message: /p must be in \(0, 1\)/ });
});

test('interval by hand: baseline 100, 110, 121 and candidate 110, 121, 133.1', (t) => {
  // Logs step by a = ln 1.1 on both sides: log sd a, log ratio d = a, se = a·sqrt(1/3 + 1/3) = 0.0778204;
  // Welch df = (2a²/3)² / (2·(a²/3)²/2) = 4, t(0.975, 4) = 2.776445: exp(a ∓ 2.776445·0.0778204).
  const e = ratioInterval([100, 110, 121], [110, 121, 133.1]);
  t.true(close(e.ratio, 1.1), String(e.ratio));
  t.true(close(e.df, 4), String(e.df));
  t.true(close(e.se, 0.0778204), String(e.se));
  t.true(close(e.low, 0.886252), String(e.low));
  t.true(close(e.high, 1.3653), String(e.high));
  t.true(close(e.logSd, Math.log(1.1)));
  t.is(decide(e, { threshold: 0.05 }), 'inconclusive');
});

test('interval by hand: a constant baseline of 2 against 3 candidates (different counts), df = 2', (t) => {
  // Baseline variance 0, so Welch's df is the candidate's n - 1 = 2 (t = 4.302653); candidate logs
  // ln 100 + 0, 0.1, 0.2: d = 0.1, se = 0.1/sqrt(3): exp(0.1 ∓ 4.302653·0.0577350) = 0.862074 … 1.416818.
  const e = ratioInterval([100, 100], [100, 100 * Math.exp(0.1), 100 * Math.exp(0.2)]);
  t.true(close(e.df, 2), String(e.df));
  t.true(close(e.low, 0.862074), String(e.low));
  t.true(close(e.high, 1.416818), String(e.high));
  t.is(e.nBaseline, 2);
  t.is(e.nCandidate, 3);
});

test('interval: identical repetitions give the exact ratio; one repetition or a zero gives none', (t) => {
  const exact = ratioInterval([10, 10, 10], [5, 5, 5]);
  t.true(close(exact.ratio, 0.5, 1e-12) && exact.low === exact.ratio && exact.high === exact.ratio, JSON.stringify(exact));
  t.like(ratioInterval([10], [5, 6]), { problem: 'too-few' });
  t.true(Number.isNaN(ratioInterval([10], [5, 6]).low));
  t.like(ratioInterval([0, 1], [1, 2]), { problem: 'not-positive' });
});

test('prediction interval by hand: 150 after 100, 110, 121', (t) => {
  // Geometric mean 110, ratio 150/110; se = ln(1.1)·sqrt(1 + 1/3) = 0.110055, t(0.975, 2) = 4.302653.
  const e = predictionRatio([100, 110, 121], 150);
  t.true(close(e.ratio, 1.363636), String(e.ratio));
  t.true(close(e.low, 0.849275), String(e.low));
  t.true(close(e.high, 2.18952), String(e.high));
  t.like(predictionRatio([100], 150), { problem: 'too-few' });
});

test('mean interval by hand: 10, 12, 14 is 12 ± 4.302653·2/sqrt(3)', (t) => {
  const m = meanInterval([10, 12, 14]);
  t.true(close(m.low, 7.031725) && close(m.high, 16.968275), JSON.stringify(m));
  t.true(Number.isNaN(meanInterval([10]).low));
});

const e = (ratio: number, low: number, high: number): RatioEstimate => ({
  ratio,
  low,
  high,
  nBaseline: 3,
  nCandidate: 3,
  se: 0.05,
  df: 4,
  logSd: 0.05,
});
// threshold 5%: a change needs the interval off 1 and the ratio beyond 1 ± 5%; unchanged needs [0.95, 1.05].
const boundaries: Array<[string, RatioEstimate, string, string]> = [
  ['higher, off 1, beyond 5%', e(1.06, 1.001, 1.12), 'regressed', 'improved'],
  ['higher, off 1, ratio exactly 1.05', e(1.05, 1.01, 1.09), 'inconclusive', 'inconclusive'],
  ['ratio beyond 5% but the interval touches 1', e(1.06, 1, 1.12), 'inconclusive', 'inconclusive'],
  ['lower, off 1, beyond 5%', e(0.94, 0.9, 0.999), 'improved', 'regressed'],
  ['lower, off 1, ratio exactly 0.95', e(0.95, 0.9, 0.99), 'inconclusive', 'inconclusive'],
  ['interval exactly [0.95, 1.05]', e(1, 0.95, 1.05), 'unchanged', 'unchanged'],
  ['interval just past 0.95', e(1, 0.9499, 1.04), 'inconclusive', 'inconclusive'],
  ['far lower (streaming vs legacy)', e(0.2, 0.18, 0.22), 'improved', 'regressed'],
];
for (const [name, est, lowerBetter, higherBetter] of boundaries) {
  test(`verdict: ${name} -> ${lowerBetter} (lower is better), ${higherBetter} (higher is better)`, (t) => {
    t.is(verdictOf(est, { threshold: 0.05 }).verdict, lowerBetter as never);
    t.is(verdictOf(est, { threshold: 0.05, better: 'higher' }).verdict, higherBetter as never);
  });
}

test('inconclusive says why and how many repetitions would settle it', (t) => {
  const few = verdictOf({ ...e(0.5, NaN, NaN), nBaseline: 1, problem: 'too-few' }, { threshold: 0.05 });
  t.is(few.verdict, 'inconclusive');
  t.regex(few.note, /^n=1 vs 3: no spread to judge from; an interval needs 2 repetitions a side \(1 more baseline;/);
  // Log sd 0.05, ratio 1: the interval must shrink inside ±ln 1.05 = 0.048790; its half-width at n a side is
  // t(0.975, 2n-2)·0.05·sqrt(2/n): n = 9: 2.119905·0.05·0.471405 = 0.049967 (too wide), n = 10: 2.100922·0.05·0.447214 = 0.046978.
  const wide = e(1, 0.9, 1.11);
  t.is(repsToDecide(wide, 0.05), 10);
  t.regex(
    verdictOf(wide, { threshold: 0.05 }).note,
    /^the interval spans both no change and ±5%; about 10 repetitions a side \(7 more\) would settle it, judging by the spread so far \(CV ≈ 5%\)$/,
  );
  // Ratio 1.3 (d = 0.262364) at log sd 0.1 from 2 a side: clear of 1 needs 0.1·t·sqrt(2/n) < 0.262364; n = 2: 0.430265, n = 3: 0.226696.
  t.is(repsToDecide({ ...e(1.3, 0.9, 1.9), logSd: 0.1, nBaseline: 2, nCandidate: 2 }, 0.05), 3);
  t.regex(verdictOf({ ...e(1.04, 1.01, 1.08), logSd: 0.02 }, { threshold: 0.05 }).note, /^a change, but not clearly beyond ±5%/);
  t.regex(verdictOf(ratioInterval([0, 1], [1, 2]), { threshold: 0.05 }).note, /a value ≤ 0/);
});

test('detectable change by hand: se 0.1, df 4, threshold 5%', (t) => {
  // c = 2.776445, sqrt(1 + c²/8) = 1.401279, z(0.8) = 0.841621: 0.1·(2.776445 + 0.841621·1.401279) = 0.395579,
  // above ln 1.05 + 0.0841621 = 0.132952; expm1(0.395579) = 0.485244.
  t.true(close(detectableChange(0.1, 4, 0.05), 0.485244, 1e-5), String(detectableChange(0.1, 4, 0.05)));
  // No noise: only the threshold is left.
  t.true(close(detectableChange(0, 4, 0.05), 0.05, 1e-12));
  t.true(Number.isNaN(detectableChange(NaN, NaN, 0.05)));
});

test('errors: an exact test of two rates, per repetition', (t) => {
  t.like(countVerdict([0, 0, 0], [0, 0, 0]), { verdict: 'unchanged', note: '' });
  // 6 vs 0 over equal repetitions: all 6 on the candidate's side by chance has probability 0.5^6 = 0.015625 < 0.025.
  t.like(countVerdict([0, 0, 0], [2, 2, 2]), { verdict: 'regressed', note: '6 vs 0 in total' });
  t.like(countVerdict([2, 2, 2], [0, 0, 0]), { verdict: 'improved' });
  // 5 vs 0: 0.5^5 = 0.03125, two-sided 0.0625: chance explains it.
  t.like(countVerdict([0, 0, 0], [1, 2, 2]), { verdict: 'inconclusive', note: '5 vs 0 in total: within chance (p = 0.06)' });
  // 4 errors in 4 repetitions vs none in 2: the candidate holds 2/3 of the repetitions, (2/3)^4 = 0.1975.
  t.like(countVerdict([0, 0], [1, 1, 1, 1]), { verdict: 'inconclusive', note: '4 in 4 repetitions vs 0 in 2: within chance (p = 0.40)' });
  t.like(countVerdict([1, 1], [1, 1, 1, 1]), { verdict: 'unchanged' }, 'the same rate per repetition');
});

test('wording: mean ± σ, and n=1 printed as a single value', (t) => {
  const f = (x: number) => x.toFixed(2);
  t.is(meanPm([1, 3], f), '2.00 ± 1.41');
  t.is(meanPm([5], f), '5.00 (n=1)');
  t.is(meanPm([], f), 'n/a');
});

test('wording: the factor is the ratio or its inverse, with the interval inverted alike', (t) => {
  const o = { candidate: 'streaming', baseline: 'legacy', label: 'peak apiserver memory', verb: 'used' };
  // 1/0.2 = 5, 1/0.22 = 4.545…, 1/0.18 = 5.555…
  t.is(ratioSentence(e(0.2, 0.18, 0.22), o), 'streaming used 5.00× less peak apiserver memory than legacy (95% CI 4.55–5.56×)');
  t.is(
    ratioSentence(e(1.72, 1.5, 2), { ...o, label: 'time to synced (p50)', verb: 'took' }),
    'streaming took 1.72× more time to synced (p50) than legacy (95% CI 1.50–2.00×)',
  );
  t.is(
    ratioSentence(ratioInterval([1000], [200]), o),
    'streaming used 5.00× less peak apiserver memory than legacy (n=1 vs 1: no interval)',
  );
  t.is(ratioCell(e(1.0344, 0.95, 1.1239)), '1.034 [0.950, 1.124]');
  t.is(ratioCell(ratioInterval([1000], [200, 210])), '0.205 (n=1 vs 2)');
});
