// The simulation behind bench:stats and its test: two sides of log-normal repetitions with a chosen coefficient of
// variation, the candidate's scaled by a true change, judged by an interval method and a verdict rule.
import { predictionRatio, ratioInterval } from '../src/stats/ratio.js';
import { mean, percentile, stddev } from '../src/stats/stats.js';
import { decide, type Verdict } from '../src/stats/verdict.js';
import { bootstrapRatioCI, previousVerdict } from './previous-method.js';
import { normalFrom, seededRandom, seedOf } from './random.js';

export type Distribution = 'log-normal' | 'normal';

export interface Method {
  name: string;
  judge(baseline: number[], candidate: number[], threshold: number, rand: () => number): Verdict;
}

/** Resamples per bootstrap interval in the simulation (compare used 10,000; the coverage problem is not this). */
const BOOTSTRAP_ITERATIONS = 2000;

export const CHOSEN: Method = {
  name: "Welch's t on log values (chosen)",
  judge: (b, c, threshold) => decide(ratioInterval(b, c), { threshold }),
};

export const PREVIOUS: Method = {
  name: 'percentile bootstrap, ratio of means (previous)',
  judge: (b, c, threshold, rand) => previousVerdict(bootstrapRatioCI(b, c, Math.floor(rand() * 2 ** 32), BOOTSTRAP_ITERATIONS), threshold),
};

function resample(xs: number[], rand: () => number): number[] {
  return xs.map(() => xs[Math.floor(rand() * xs.length)]!);
}

/** Bootstrap-t on log values: the interval from the resampled distribution of the studentized log ratio. */
export const STUDENTIZED: Method = {
  name: 'studentized bootstrap on log values',
  judge: (b, c, threshold, rand) => {
    const lb = b.map(Math.log);
    const lc = c.map(Math.log);
    const se = (x: number[], y: number[]) => Math.sqrt(stddev(x) ** 2 / x.length + stddev(y) ** 2 / y.length);
    const d = mean(lc) - mean(lb);
    const s = se(lb, lc);
    const ts: number[] = [];
    for (let i = 0; i < BOOTSTRAP_ITERATIONS; i++) {
      const rb = resample(lb, rand);
      const rc = resample(lc, rand);
      const sStar = se(rb, rc);
      if (sStar > 0) ts.push((mean(rc) - mean(rb) - d) / sStar);
    }
    const ratio = Math.exp(d);
    return decide({ ratio, low: Math.exp(d - percentile(ts, 97.5) * s), high: Math.exp(d - percentile(ts, 2.5) * s) }, { threshold });
  },
};

export interface Cell {
  cv: number;
  /** repetitions a side */
  n: number;
  /** true candidate / baseline: 1 for no change, 1.1 for a 10% regression */
  change: number;
  trials: number;
  threshold: number;
  distribution?: Distribution;
  seed?: number;
}

export type Rates = Record<Verdict, number>;

function sampler(cv: number, distribution: Distribution, rand: () => number): () => number {
  const z = normalFrom(rand);
  if (distribution === 'log-normal') {
    const s = Math.sqrt(Math.log1p(cv * cv));
    return () => Math.exp(s * z());
  }
  return () => {
    for (;;) {
      const x = 1 + cv * z();
      if (x > 0) return x;
    }
  };
}

function count(verdicts: Verdict[]): Rates {
  const rates: Rates = { improved: 0, regressed: 0, unchanged: 0, inconclusive: 0 };
  for (const v of verdicts) rates[v] += 1 / verdicts.length;
  return rates;
}

/** Verdict rates of a method on one cell: the same cell and seed always give the same rates. */
export function simulate(method: Method, c: Cell): Rates {
  const distribution = c.distribution ?? 'log-normal';
  const rand = seededRandom(seedOf(c.seed ?? 1, distribution, c.cv, c.n, c.change));
  const draw = sampler(c.cv, distribution, rand);
  const verdicts: Verdict[] = [];
  for (let i = 0; i < c.trials; i++) {
    const baseline = Array.from({ length: c.n }, draw);
    const candidate = Array.from({ length: c.n }, () => c.change * draw());
    verdicts.push(method.judge(baseline, candidate, c.threshold, rand));
  }
  return count(verdicts);
}

/**
 * The nightly history's rule: a run (the mean of n repetitions) against the `window` runs before it. Rates of the
 * verdict on the newest run when it is `change` times the earlier ones.
 */
export function simulateHistory(c: Cell & { window: number }): Rates {
  const rand = seededRandom(seedOf(c.seed ?? 1, 'history', c.window, c.cv, c.n, c.change));
  const draw = sampler(c.cv, 'log-normal', rand);
  const runMean = () => mean(Array.from({ length: c.n }, draw));
  const verdicts: Verdict[] = [];
  for (let i = 0; i < c.trials; i++) {
    const earlier = Array.from({ length: c.window }, runMean);
    verdicts.push(decide(predictionRatio(earlier, c.change * runMean()), { threshold: c.threshold }));
  }
  return count(verdicts);
}

/** A change called when there was none. */
export const falseVerdicts = (r: Rates) => r.improved + r.regressed;

/** The cells of the bench:stats table. */
export const CVS = [0.03, 0.1, 0.3];
export const NS = [3, 5, 10];
export const THRESHOLD = 0.05;

export interface CellResult {
  cv: number;
  n: number;
  /** changes called with none there */
  falseRate: number;
  /** regressions called when the candidate is 10% / 30% higher */
  detect10: number;
  detect30: number;
}

export function verdictCells(method: Method, trials: number, distribution: Distribution = 'log-normal'): CellResult[] {
  return CVS.flatMap((cv) =>
    NS.map((n) => {
      const run = (change: number) => simulate(method, { cv, n, change, trials, threshold: THRESHOLD, distribution });
      return { cv, n, falseRate: falseVerdicts(run(1)), detect10: run(1.1).regressed, detect30: run(1.3).regressed };
    }),
  );
}
