import test from 'ava';
import { max, mean, percentile, ratioOf, stddev } from '../../src/stats/stats.js';

const close = (a: number, b: number, eps = 1e-9) => Math.abs(a - b) < eps;

const cases: Array<[string, () => number, number]> = [
  ['mean', () => mean([1, 2, 3, 4]), 2.5],
  ['stddev n-1', () => stddev([2, 4, 4, 4, 5, 5, 7, 9]), Math.sqrt(32 / 7)],
  ['stddev single', () => stddev([5]), 0],
  ['p50 odd', () => percentile([3, 1, 2], 50), 2],
  ['p50 even interpolates', () => percentile([1, 2, 3, 4], 50), 2.5],
  ['p90 of 1..10', () => percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9.1],
  ['p99 of 1..100', () => percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99), 99.01],
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
