import test from 'ava';
import { arrivalTimeMs, stepProfile, stepWindows } from '../../src/plan/stages.js';

test('without stages every informer arrives at once', (t) => {
  t.is(arrivalTimeMs(0, undefined), 0);
  t.is(arrivalTimeMs(99, []), 0);
});

test('a linear ramp spreads arrivals evenly', (t) => {
  const ramp = [{ durationMs: 10_000, target: 10 }];
  t.deepEqual(
    [0, 1, 4, 9].map((i) => arrivalTimeMs(i, ramp)),
    [1000, 2000, 5000, 10_000],
  );
});

test('steps: equal groups arrive at once, one step length apart', (t) => {
  const stages = stepProfile(6, 3, 2000);
  t.deepEqual(stages, [
    { durationMs: 0, target: 2 },
    { durationMs: 2000, target: 2 },
    { durationMs: 0, target: 4 },
    { durationMs: 2000, target: 4 },
    { durationMs: 0, target: 6 },
    { durationMs: 2000, target: 6 },
  ]);
  t.deepEqual(
    [0, 1, 2, 3, 4, 5].map((i) => arrivalTimeMs(i, stages)),
    [0, 0, 2000, 2000, 4000, 4000],
  );
  t.deepEqual(stepWindows(stages, 8000), [
    { step: 1, startMs: 0, endMs: 2000, informers: 2 },
    { step: 2, startMs: 2000, endMs: 4000, informers: 4 },
    { step: 3, startMs: 4000, endMs: 6000, informers: 6 },
    { step: 4, startMs: 6000, endMs: 8000, informers: 6 },
  ]);
});
