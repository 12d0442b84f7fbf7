// --reps auto's stopping rule, on figures whose intervals are worked out by hand.
import test from 'ava';
import { autoRepsDecision, describeWidest } from '../../src/run/auto-reps.js';
import { repWithPeak } from '../helpers/figures.js';

const MiB = 2 ** 20;
const reps = (variant: string, peaksMiB: number[]) => peaksMiB.map((p, i) => repWithPeak(variant, i + 1, p * MiB, 100 * MiB));

test('identical repetitions settle at 3 a side, not before', (t) => {
  const two = [...reps('legacy', [1100, 1100]), ...reps('streaming', [200, 200])];
  t.false(autoRepsDecision(two, 'legacy', 'streaming', 0.05).settled, 'two a side never settle');
  const three = [...reps('legacy', [1100, 1100, 1100]), ...reps('streaming', [200, 200, 200])];
  const d = autoRepsDecision(three, 'legacy', 'streaming', 0.05);
  t.true(d.settled);
  t.is(d.widest?.halfWidth, 0);
});

test('a spread wider than the threshold keeps going and names the widest gated metric', (t) => {
  // Peaks 1100, 1210, 1331 MiB (log steps of ln 1.1) against 200 MiB each: growth (peak - 100 MiB) is 1000, 1110,
  // 1231 vs 100, so growth varies more than peak. Peak: sd of logs = ln 1.1 = 0.09531, se = 0.09531/sqrt(3) =
  // 0.05503, Welch df = 2, t(0.975, 2) = 4.3027: half-width e^(4.3027·0.05503) - 1 = 26.7%.
  const figures = [...reps('legacy', [1100, 1210, 1331]), ...reps('streaming', [200, 200, 200])];
  const d = autoRepsDecision(figures, 'legacy', 'streaming', 0.05);
  t.false(d.settled);
  t.is(d.widest?.metric, 'apiserver_rss_growth_bytes');
  const peakOnly = autoRepsDecision(figures, 'legacy', 'streaming', 0.3);
  t.is(describeWidest(peakOnly), `widest: apiserver_rss_growth_bytes ±${((d.widest?.halfWidth ?? 0) * 100).toFixed(1)}%`);
  t.true(d.widest!.halfWidth > 0.267, `growth is wider than peak's 26.7%: ${d.widest!.halfWidth}`);
});
