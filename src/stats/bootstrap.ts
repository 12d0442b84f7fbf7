// Bootstrap confidence intervals with a seeded generator, so the same data always gives the same interval.
import { mean, percentile } from './stats.js';

/** mulberry32: a small, well-distributed 32-bit PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit seed from a string (FNV-1a), so each metric gets its own reproducible stream. */
export function seedFrom(text: string, base = 0): number {
  let h = (0x811c9dc5 ^ base) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function resampleMean(xs: number[], rand: () => number): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[Math.floor(rand() * xs.length)]!;
  return sum / xs.length;
}

export interface Interval {
  low: number;
  high: number;
}

/** 95% percentile-bootstrap interval of mean(candidate) / mean(baseline). */
export function bootstrapRatioCI(baseline: number[], candidate: number[], seed: number, iterations = 10_000, level = 0.95): Interval {
  const rand = seededRandom(seed);
  const ratios: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const b = resampleMean(baseline, rand);
    const c = resampleMean(candidate, rand);
    if (b !== 0) ratios.push(c / b);
  }
  const tail = ((1 - level) / 2) * 100;
  return { low: percentile(ratios, tail), high: percentile(ratios, 100 - tail) };
}

/** 95% percentile-bootstrap interval of the mean. */
export function bootstrapMeanCI(xs: number[], seed: number, iterations = 10_000, level = 0.95): Interval {
  const rand = seededRandom(seed);
  const means = Array.from({ length: iterations }, () => resampleMean(xs, rand));
  const tail = ((1 - level) / 2) * 100;
  return xs.length ? { low: percentile(means, tail), high: percentile(means, 100 - tail) } : { low: mean(xs), high: mean(xs) };
}
