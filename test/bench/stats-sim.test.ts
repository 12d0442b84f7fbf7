// The statistics benchmark's promise, checked on every test run (seeded, so deterministic, and not timed): with
// nothing changed, compare calls a change in at most 5% of comparisons in every cell of the bench:stats table.
import test from 'ava';
import { CHOSEN, PREVIOUS, simulate, verdictCells } from '../../bench/stats-sim.js';

const TRIALS = 4000;
// The simulation's own error: 3 standard errors of a 5% rate over 4000 trials, 3·sqrt(0.05·0.95/4000) = 1.03 points.
const TOLERANCE = 0.0103;

test('no change: the chosen method calls a change in at most 5% (+ tolerance) of comparisons, in every cell', (t) => {
  for (const c of verdictCells(CHOSEN, TRIALS)) {
    const cell = `CV ${c.cv * 100}%, n=${c.n}`;
    t.true(c.falseRate <= 0.05 + TOLERANCE, `${cell}: ${(c.falseRate * 100).toFixed(1)}% false verdicts`);
    // Detection is reported, and a larger change is caught at least as often as a smaller one.
    for (const d of [c.detect10, c.detect30]) t.true(d >= 0 && d <= 1, `${cell}: detection ${d}`);
    t.true(c.detect30 >= c.detect10, `${cell}: ${JSON.stringify(c)}`);
  }
});

test('the simulation is seeded: the same cell gives the same rates', (t) => {
  const cell = { cv: 0.1, n: 3, change: 1, trials: 500, threshold: 0.05 };
  t.deepEqual(simulate(CHOSEN, cell), simulate(CHOSEN, cell));
  t.notDeepEqual(simulate(CHOSEN, cell), simulate(CHOSEN, { ...cell, seed: 2 }));
});

test('the previous method fails where the issue measured it: CV 30%, 3 a side', (t) => {
  const r = simulate(PREVIOUS, { cv: 0.3, n: 3, change: 1, trials: 400, threshold: 0.05 });
  t.true(r.improved + r.regressed > 0.08, JSON.stringify(r));
});
