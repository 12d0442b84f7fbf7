// Three kube-apiservers on one etcd behind the load balancer, no memory caps: the load spreads over all of them, each
// is sampled on its own, and one killed mid-run comes back after kubelet's back-off while its informers carry on
// through the others.
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchmark } from '../../src/run/run.js';
import { localTarget } from '../../src/targets/local/local-target.js';
import type { Connection, RunningTarget, TargetProvider } from '../../src/targets/target.js';
import { targetGet } from '../../src/targets/http-get.js';
import { parsePromText } from '../../src/targets/prom-text.js';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { readCsv, readManifest } from '../helpers/results.js';
import { requiredEngine } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait.js';

const INFORMERS = 6;

/** The load's informer watches an apiserver serves now: namespaced Secret WATCHes (its own informers are cluster-wide). */
async function informerWatches(c: Connection): Promise<number> {
  const res = await targetGet(c, '/metrics');
  return parsePromText(res.body)
    .filter(
      (s) =>
        s.name === 'apiserver_longrunning_requests' &&
        s.labels.resource === 'secrets' &&
        s.labels.scope === 'namespace' &&
        s.labels.verb === 'WATCH',
    )
    .reduce((a, s) => a + s.value, 0);
}

test('3 apiservers: every one gets connections and its own series; one SIGKILLed is restarted and its informers re-watch through the others', async (t) => {
  const engine = await requiredEngine();
  const out = await mkdtemp(join(tmpdir(), 'ksb-ha-'));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const local = localTarget({ kubeVersion: '1.33.13', apiservers: 3, log: () => {} });
  let running: RunningTarget | undefined;
  const target: TargetProvider = {
    ...local,
    start: async (v) => (running = await local.start(v)),
  };
  const run = runBenchmark({
    workload: BUILT_IN.find((w) => w.name === 'informer-storm')!,
    sets: [`informers=${INFORMERS}`, 'objects=20', 'objectSize=4KiB', 'duration=50s', 'churnPerSecond=2'],
    variants: ['legacy'],
    reps: 1,
    outRoot: out,
    target,
    engine,
    version: 'test',
    bystander: true,
    log: () => {},
  });
  // A run that ends first (a start that failed) fails the test at once, with its reason.
  const endedFirst = run.then((r) => {
    throw new Error(`the run ended before an apiserver was killed: ${r.manifest.reason ?? r.manifest.status}`);
  });
  // Once the informers are spread over the three and watching, the apiserver serving the most of their watches dies.
  const started = await Promise.race([waitFor(() => running, { timeoutMs: 240_000, what: 'the target started' }), endedFirst]);
  const victim = await Promise.race([
    waitFor(
      async () => {
        const watches = await Promise.all(started.replicas!.map((r) => informerWatches(r.connection)));
        const spread = watches.reduce((a, b) => a + b, 0) >= INFORMERS && watches.filter((n) => n > 0).length >= 2;
        return spread ? watches.indexOf(Math.max(...watches)) + 1 : 0;
      },
      { timeoutMs: 180_000, what: 'every informer watching, over at least two apiservers', intervalMs: 250 },
    ),
    endedFirst,
  ]).then((i) => i - 1);
  process.kill(started.replicas![victim]!.pid()!, 'SIGKILL');
  const result = await run;

  const manifest = await readManifest(result.dir);
  t.is(manifest.status, 'complete', manifest.reason);
  const rep = manifest.repetitions[0];
  t.is(rep.target.details.apiservers, 3);
  t.true(['haproxy', 'built-in'].includes(rep.target.details.load_balancer));
  t.true(
    rep.balancer_connections.every((n: number) => n > 0),
    JSON.stringify(rep.balancer_connections),
  );

  const kinds = (rep.apiserver_events as Array<{ t: number; apiserver: string; kind: string }>)
    .filter((e) => e.apiserver === String(victim))
    .map((e) => e.kind);
  const at = (k: string) => kinds.indexOf(k);
  t.true(at('exited') >= 0 && at('restarted') > at('exited') && at('ready') > at('restarted'), kinds.join(', '));
  t.false(kinds.includes('oom-killed'), 'a SIGKILL is not an OOM kill');
  const times = (rep.apiserver_events as Array<{ t: number }>).map((e) => e.t);
  t.deepEqual(
    times,
    [...times].sort((a, b) => a - b),
  );
  t.regex(result.summaryText, /legacy rep 1: 0 of 3 apiservers OOM-killed; 1 other exit .*; all ready again at the end: yes/);

  const samples = await readCsv(result.dir, 'samples.csv');
  for (const i of ['0', '1', '2']) {
    for (const metric of ['apiserver_rss_bytes', 'go_memstats_heap_inuse_bytes', 'apiserver_current_inflight_requests'])
      t.true(
        samples.rows.some((s) => s.metric === metric && (s.labels ?? '').includes(`apiserver="${i}"`)),
        `${metric} of apiserver ${i}`,
      );
  }
  t.true(samples.rows.some((s) => s.metric === 'bystander_latency_ms'));
  t.true(rep.bystander.requests > 0);

  // The informers whose watches ran on the killed apiserver re-watched through the others.
  const requests = await readCsv(result.dir, 'requests.csv');
  const reconnects = requests.rows.filter((q) => q.op === 'reconnect' && Number(q.status) === 200);
  t.true(reconnects.length > 0, 'informers reconnected after the kill');
});
