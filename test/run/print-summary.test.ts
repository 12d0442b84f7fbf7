import test from 'ava';
import type { RepFigures } from '../../src/metrics/rep-figures.js';
import { formatRatios, formatVariantSummary } from '../../src/run/print-summary.js';
import { repWithPeak } from '../helpers/figures.js';

const MiB = 2 ** 20;

function rep(variant: string, i: number, growthMiB: number): RepFigures {
  return repWithPeak(variant, i + 1, (100 + growthMiB) * MiB, 100 * MiB);
}

test('run summary: the ratio sentence is compare’s, with the interval worked out by hand', (t) => {
  // Growth 1000, 1100, 1210 MiB vs 100, 110, 121 MiB: the log values step by ln 1.1 on both sides, so the ratio is
  // exactly 1/10 with half-width 2.776445·ln(1.1)·sqrt(2/3) = 0.216062 on the log scale: 10× less, 95% CI
  // 10/e^0.216062 = 8.06 … 10·e^0.216062 = 12.41.
  const reps = [1000, 1100, 1210].map((g, i) => rep('legacy', i, g)).concat([100, 110, 121].map((g, i) => rep('streaming', i, g)));
  const lines = formatRatios('legacy', 'streaming', reps);
  t.is(lines[0], 'streaming used 10.00× less apiserver memory growth than legacy (95% CI 8.06–12.41×)');
});

test('run summary with one repetition: single values marked n=1, no ± anywhere', (t) => {
  const reps = [rep('legacy', 0, 1000), rep('streaming', 0, 100)];
  const text = [formatVariantSummary('legacy', reps), ...formatRatios('legacy', 'streaming', reps)].join('\n');
  t.notRegex(text, /±/);
  t.regex(text, /\n {2}Peak apiserver RSS: {14}1\.1 GiB \(n=1\)\n/);
  t.regex(text, /RSS growth over baseline: +1000\.0 MiB \(n=1\)/);
  t.regex(text, /streaming used 10\.00× less apiserver memory growth than legacy \(n=1 vs 1: no interval\)/);
});
