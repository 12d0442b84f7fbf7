// Target restarts of a reconnect storm: each begun restart is waited for, and one that ended after the load did is
// said to have left the informers without their re-sync.
import test from 'ava';
import type { Plan, ReconnectStormScenario } from '../../src/plan/plan.js';
import { lateRestartWarnings, scheduleRestarts } from '../../src/run/restarts.js';
import type { RunningTarget } from '../../src/targets/target.js';

const storm = (drops: number): ReconnectStormScenario =>
  ({ kind: 'reconnect-storm', trigger: 'target-restart', drops, dropAfterMs: 1, startAfterMs: 0 }) as ReconnectStormScenario;

test('every restart begun is reported when it ends, with when it ended; a failed one too', async (t) => {
  let calls = 0;
  const finish: Array<() => void> = [];
  const target = {
    restart: () => {
      calls++;
      return calls === 1 ? new Promise<void>((resolve) => finish.push(resolve)) : Promise.reject(new Error('exited'));
    },
  } as unknown as RunningTarget;
  const lines: string[] = [];
  const s = scheduleRestarts(
    { scenarios: [storm(2)] } as unknown as Plan,
    target,
    Date.now(),
    (l) => lines.push(l),
    async () => {},
  );
  t.is(s.timers.length, 2);
  while (s.begun.length < 2) await new Promise((r) => setImmediate(r));
  const loadEnded = Date.now() - 1;
  finish[0]!();
  const ended = await Promise.all(s.begun);
  t.deepEqual(
    ended.map((e) => [e.drop, e.ok]),
    [
      [1, true],
      [2, false],
    ],
  );
  t.true(lines.some((l) => /^target restarted in \d+\.\d s \(drop 1\/2\)$/.test(l)));
  t.true(lines.includes('target restart failed: exited'));
  const warnings = lateRestartWarnings(ended, loadEnded, 'streaming 1/1');
  t.is(warnings.length, 1, 'the failed restart is said where it failed, not as late');
  t.regex(warnings[0]!, /^streaming 1\/1: the target's restart for drop 1 ended \d+\.\d s after the load did/);
  t.deepEqual(lateRestartWarnings(ended, Date.now() + 1000, 'x'), [], 'restarts that ended before the load did are fine');
});
