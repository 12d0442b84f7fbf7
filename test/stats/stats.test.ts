import test from 'ava';
import { bootstrapRatioCI, seededRandom } from '../../src/stats/bootstrap.js';
import { max, mean, percentile, ratioOf, stddev } from '../../src/stats/stats.js';
import { countVerdict, verdictOf } from '../../src/stats/verdict.js';

const close = (a: number, b: number, eps = 1e-9) => Math.abs(a - b) < eps;

const cases: Array<[string, () => number, number]> = [
  ['mean', () => mean([1, 2, 3, 4]), 2.5],
  ['stddev n-1', () => stddev([2, 4, 4, 4, 5, 5, 7, 9]), Math.sqrt(32 / 7)],
  ['stddev single', () => stddev([5]), 0],
  ['p50 odd', () => percentile([3, 1, 2], 50), 2],
  ['p50 even interpolates', () => percentile([1, 2, 3, 4], 50), 2.5],
  ['p90 of 1..10', () => percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9.1],
  [
    'p99 of 1..100',
    () =>
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        99,
      ),
    99.01,
  ],
  ['p0 is min', () => percentile([5, 7], 0), 5],
  ['max', () => max([3, 9, 2]), 9],
];
for (const [name, f, expected] of cases) {
  test(`stats: ${name}`, (t) => {
    t.true(close(f(), expected), `${f()} != ${expected}`);
  });
}

test('ratio with propagated sigma, by hand: a=[10,12] b=[1,1.2]', (t) => {
  // means 11 and 1.1 -> 10; sigma_a = 1.41421, sigma_b = 0.141421; rel = sqrt((1.41421/11)^2 + (0.141421/1.1)^2) = 0.181827
  const r = ratioOf([10, 12], [1, 1.2]);
  t.true(close(r.ratio, 10));
  t.true(close(r.sigma, 1.818181818, 1e-6), String(r.sigma));
});

test('bootstrap: seeded, so the same data gives the same interval', (t) => {
  const a = [10, 12, 11, 13];
  const b = [5, 6, 5.5, 6.5];
  t.deepEqual(bootstrapRatioCI(a, b, 7), bootstrapRatioCI(a, b, 7));
  t.notDeepEqual(bootstrapRatioCI(a, b, 7), bootstrapRatioCI(a, b, 8));
  const r = seededRandom(1);
  t.true([r(), r(), r()].every((x) => x >= 0 && x < 1));
});

test('bootstrap by hand: baseline [1, 3], candidate [2, 2]', (t) => {
  // Resampled baseline means are 1, 2, 3 with probability 1/4, 1/2, 1/4; the candidate mean is always 2,
  // so the ratio is 2, 1 or 2/3 and its 2.5th and 97.5th percentiles are 2/3 and 2.
  const ci = bootstrapRatioCI([1, 3], [2, 2], 42);
  t.true(Math.abs(ci.low - 2 / 3) < 1e-12, String(ci.low));
  t.is(ci.high, 2);
  const constant = bootstrapRatioCI([10, 10, 10], [5, 5, 5], 1);
  t.deepEqual(constant, { low: 0.5, high: 0.5 });
});

const verdicts: Array<[string, number, number, [number, number], string]> = [
  ['clearly lower', 3, 3, [0.4, 0.6], 'improved'],
  ['clearly higher', 3, 3, [1.2, 1.5], 'regressed'],
  ['inside the band', 3, 3, [0.97, 1.03], 'unchanged'],
  ['crossing the band', 3, 3, [0.9, 1.1], 'inconclusive'],
  ['one repetition', 1, 3, [0.4, 0.6], 'inconclusive'],
];
for (const [name, nb, nc, [low, high], expected] of verdicts) {
  test(`verdict: ${name} -> ${expected}`, (t) => {
    t.is(verdictOf({ nBaseline: nb, nCandidate: nc, ci: { low, high }, threshold: 0.05 }).verdict, expected as never);
  });
}

test('too few repetitions say so', (t) => {
  t.regex(
    verdictOf({ nBaseline: 1, nCandidate: 1, ci: { low: 0.1, high: 0.2 }, threshold: 0.05 }).note,
    /too few repetitions \(1 vs 1; need >= 2 each/,
  );
  t.like(countVerdict([0, 0], [0, 1]), { verdict: 'regressed' });
  t.like(countVerdict([0, 0], [0, 0]), { verdict: 'unchanged' });
});
