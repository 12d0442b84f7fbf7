// The method compare used before Welch's interval, kept to measure it against: a 95% percentile bootstrap of
// mean(candidate) / mean(baseline), and a change called only when the whole interval is beyond ±threshold.
import { percentile } from '../src/stats/stats.js';
import type { Verdict } from '../src/stats/verdict.js';
import { seededRandom } from './random.js';

function resampleMean(xs: number[], rand: () => number): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[Math.floor(rand() * xs.length)]!;
  return sum / xs.length;
}

export function bootstrapRatioCI(
  baseline: number[],
  candidate: number[],
  seed: number,
  iterations = 10_000,
): { low: number; high: number } {
  const rand = seededRandom(seed);
  const ratios: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const b = resampleMean(baseline, rand);
    const c = resampleMean(candidate, rand);
    if (b !== 0) ratios.push(c / b);
  }
  return { low: percentile(ratios, 2.5), high: percentile(ratios, 97.5) };
}

export function previousVerdict(ci: { low: number; high: number }, threshold: number): Verdict {
  if (ci.high < 1 - threshold) return 'improved';
  if (ci.low > 1 + threshold) return 'regressed';
  if (ci.low >= 1 - threshold && ci.high <= 1 + threshold) return 'unchanged';
  return 'inconclusive';
}
