import test from 'ava';
import type { ApiserverEvent } from '../../src/targets/apiserver-events.js';
import type { Apiserver } from '../../src/targets/local/apiserver.js';
import type { GroupProcess } from '../../src/targets/local/process-group.js';
import { ApiserverSupervisor } from '../../src/targets/local/supervisor.js';
import { waitFor } from '../helpers/wait.js';

/** A stand-in apiserver whose process the test kills, and whose starts fail as often as told. */
function fakeApiserver(failingStarts = 0) {
  let pid = 100;
  let kill: (why: string) => void = () => {};
  const newProcess = (): GroupProcess => {
    const crashed = new Promise<string>((r) => (kill = r));
    return { pid: pid++, exited: crashed, crashed, stop: () => Promise.resolve() };
  };
  let proc = newProcess();
  const starts: number[] = [];
  const api = {
    get process() {
      return proc;
    },
    start: () => {
      starts.push(Date.now());
      if (failingStarts-- > 0) return Promise.reject(new Error('exited (signal SIGKILL) before it was ready\nlog lines'));
      proc = newProcess();
      return Promise.resolve();
    },
    stop: () => Promise.resolve(),
  } as unknown as Apiserver;
  return { api, kill: (why: string) => kill(why), starts, pidNow: () => proc.pid };
}

const kinds = (events: ApiserverEvent[]) => events.map((e) => e.kind);

test('a crashed apiserver is started again after the back-off, and again after its next crash with a longer one', async (t) => {
  const f = fakeApiserver();
  const events: ApiserverEvent[] = [];
  const delays: number[] = [];
  const s = new ApiserverSupervisor({
    ...{ index: 2, apiserver: f.api, restart: true, events, log: () => {} },
    delayMs: (n) => (delays.push(n), 10 * 2 ** n),
  });
  void s.watch();
  f.kill('signal SIGKILL');
  await waitFor(() => kinds(events).includes('ready'), { timeoutMs: 5000, what: 'ready again' });
  t.deepEqual(kinds(events), ['exited', 'restarted', 'ready']);
  t.true(events.every((e) => e.apiserver === '2'));
  t.is(s.state, 'running');
  f.kill('signal SIGKILL');
  await waitFor(() => kinds(events).filter((k) => k === 'ready').length === 2, { timeoutMs: 5000, what: 'ready a second time' });
  t.deepEqual(delays, [0, 1]);
  t.is(s.restarts, 2);
  s.stop();
});

test('a restart that dies before it is ready is a crash too: backed off again, longer', async (t) => {
  const f = fakeApiserver(1);
  const events: ApiserverEvent[] = [];
  const delays: number[] = [];
  const s = new ApiserverSupervisor({
    index: 0,
    apiserver: f.api,
    restart: true,
    events,
    log: () => {},
    delayMs: (n) => (delays.push(n), 5),
  });
  void s.watch();
  f.kill('signal SIGKILL');
  await waitFor(() => kinds(events).includes('ready'), { timeoutMs: 5000, what: 'ready again' });
  t.deepEqual(kinds(events), ['exited', 'restarted', 'exited', 'restarted', 'ready']);
  t.deepEqual(delays, [0, 1]);
  s.stop();
});

test('--restart-killed off: a crashed apiserver stays down and says so', async (t) => {
  const f = fakeApiserver();
  const events: ApiserverEvent[] = [];
  const lines: string[] = [];
  const s = new ApiserverSupervisor({ index: 1, apiserver: f.api, restart: false, events, log: (l) => lines.push(l) });
  void s.watch();
  f.kill('exit code 2');
  await s.downForGood;
  t.is(s.state, 'down');
  t.deepEqual(kinds(events), ['exited']);
  t.deepEqual(f.starts, []);
  t.regex(lines[0]!, /apiserver 1 exited \(exit code 2\); not restarted \(--restart-killed off\)/);
});

test('stop() cancels a restart still waiting out its back-off', async (t) => {
  const f = fakeApiserver();
  const events: ApiserverEvent[] = [];
  const s = new ApiserverSupervisor({ index: 0, apiserver: f.api, restart: true, events, log: () => {}, delayMs: () => 60_000 });
  void s.watch();
  f.kill('signal SIGKILL');
  await waitFor(() => s.state === 'backing-off', { timeoutMs: 5000, what: 'backing off' });
  s.stop();
  await waitFor(() => s.state === 'stopped', { timeoutMs: 1000, what: 'stopped' });
  t.deepEqual(f.starts, []);
  t.deepEqual(kinds(events), ['exited']);
});

test('a deliberate restart is recorded, and a crash of the new process is still watched', async (t) => {
  const f = fakeApiserver();
  const events: ApiserverEvent[] = [];
  const s = new ApiserverSupervisor({ index: 0, apiserver: f.api, restart: true, events, log: () => {}, delayMs: () => 5 });
  void s.watch();
  const before = f.pidNow();
  await s.restartNow(100);
  t.not(f.pidNow(), before);
  t.deepEqual(kinds(events), ['exited', 'restarted', 'ready']);
  f.kill('signal SIGKILL');
  await waitFor(() => kinds(events).filter((k) => k === 'ready').length === 2, { timeoutMs: 5000, what: 'the new process restarted' });
  t.is(s.restarts, 1, 'only the crash counts toward the back-off');
  s.stop();
});
