import test from 'ava';
import type { RepFigures } from '../../src/metrics/rep-figures.js';
import { apfText, formatRatios, formatVariantSummary } from '../../src/run/print-summary.js';
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

test('run summary: APF seats per request per verb, for the one flow schema the load landed in, or why not', (t) => {
  const base = (i: number): RepFigures => ({
    ...rep('legacy', i, 10),
    apfRequests: 6,
    apfSeatsTotal: 42,
    apfSeatsPerRequest: 7,
    apfListRequests: 4,
    apfListSeatsPerRequest: 10,
    apfWatchRequests: 2,
    apfWatchSeatsPerRequest: 1,
    apf: { schemas: ['ksb-list', 'ksb-watch', 'ksb'], list: 'ksb-list', watch: 'ksb-watch' },
  });
  t.is(apfText([base(0), base(1)]), 'LIST 10.0 over 4 (ksb-list); WATCH 1.0 over 2 (ksb-watch); all 7.0, 42 seats');
  const noWatch = { ...base(0), apfWatchRequests: 0, apfWatchSeatsPerRequest: NaN };
  t.regex(apfText([noWatch]), /WATCH: none \(ksb-watch\)/);
  const plain = { ...base(0), apfListSeatsPerRequest: NaN, apfWatchSeatsPerRequest: NaN, apf: { schemas: ['global-default'] } };
  t.is(apfText([plain]), '7.0 over 6 requests, 42 seats (flow schema global-default, all verbs)');
  t.is(
    apfText([{ ...rep('legacy', 0, 10), apf: { schemas: [], note: 'the mock has no API Priority and Fairness' } }]),
    'n/a (the mock has no API Priority and Fairness)',
  );
  t.regex(formatVariantSummary('legacy', [base(0)]), /APF seats per request: +LIST 10\.0/);
});
