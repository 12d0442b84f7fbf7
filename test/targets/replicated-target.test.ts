import test from 'ava';
import type { Apiserver } from '../../src/targets/local/apiserver.js';
import type { LocalEtcd } from '../../src/targets/local/etcd.js';
import { runningReplicatedTarget, type Replicas } from '../../src/targets/local/replicated-target.js';
import type { ApiserverSupervisor } from '../../src/targets/local/supervisor.js';
import { Teardown } from '../../src/targets/local/teardown.js';

/** Three stand-in apiservers whose supervisors record which one was restarted. */
function target(states: string[]) {
  const restarted: number[] = [];
  const supervisors = states.map((state, i) => ({
    state,
    downForGood: new Promise(() => {}),
    restartNow: () => {
      restarted.push(i);
      return Promise.resolve();
    },
  }));
  const apiservers = states.map((_, i) => ({
    admin: { url: `https://127.0.0.1:${1000 + i}`, insecureSkipTLSVerify: false },
    process: { pid: 10 + i },
  }));
  const replicas = {
    apiservers: apiservers as unknown as Apiserver[],
    supervisors: supervisors as unknown as ApiserverSupervisor[],
    balancer: { kind: 'built-in', port: 2000, connections: () => Promise.resolve([1, 2, 3]), stop: () => Promise.resolve() },
    admin: { url: 'https://127.0.0.1:2000', insecureSkipTLSVerify: false },
    events: [],
  } as Replicas;
  const etcd = { url: '', process: { pid: 1, crashed: new Promise(() => {}) } } as unknown as LocalEtcd;
  const t = runningReplicatedTarget({
    ...{ replicas, etcd, load: { token: 'x', user: 'u', groups: [] }, teardown: new Teardown(), log: () => {} },
    info: { kind: 'local', version: {}, featureGates: {}, details: {} },
  });
  return { t, restarted, supervisors };
}

test('a target restart (a reconnect storm) restarts one apiserver at a time, in turn, skipping one that is down', async (t) => {
  const s = target(['running', 'backing-off', 'running']);
  await s.t.restart();
  await s.t.restart();
  await s.t.restart();
  t.deepEqual(s.restarted, [0, 2, 0]);
  t.is(s.t.url, 'https://127.0.0.1:2000', 'clients connect through the balancer');
  t.deepEqual(
    s.t.replicas!.map((r) => [r.connection.url, r.pid()]),
    [
      ['https://127.0.0.1:1000', 10],
      ['https://127.0.0.1:1001', undefined],
      ['https://127.0.0.1:1002', 12],
    ],
  );
  t.deepEqual(await s.t.balancerConnections!(), [1, 2, 3]);
});

test('with no apiserver running, a target restart fails and says why', async (t) => {
  const s = target(['down', 'backing-off']);
  await t.throwsAsync(() => s.t.restart(), { message: 'no kube-apiserver is running to restart' });
});
