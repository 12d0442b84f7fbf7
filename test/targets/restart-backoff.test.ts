import test from 'ava';
import { BACKOFF_RESET_AFTER_MS, restartDelayMs } from '../../src/targets/local/restart-backoff.js';

test("kubelet's back-off: 10 s, doubling, at most 5 min", (t) => {
  t.deepEqual([0, 1, 2, 3, 4, 5, 6, 40].map(restartDelayMs), [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  t.is(BACKOFF_RESET_AFTER_MS, 600_000);
});
