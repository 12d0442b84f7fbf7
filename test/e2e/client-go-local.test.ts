// client-go inside k6 against the real kube-apiserver 1.33: protobuf end to end (informers of both kinds and
// streamed LISTs whose items are counted in the protobuf body), and HTTP/2 vs HTTP/1.1 watches.
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { runBenchmark } from '../../src/run/run.js';
import { localTarget } from '../../src/targets/local/local-target.js';
import { requiredEngine } from '../helpers/engine.js';
import { readCsv, readManifest } from '../helpers/results.js';

const workload = (name: string) => BUILT_IN.find((w) => w.name === name)!;

test('client-go with protobuf on the local kube-apiserver: informers sync with every object, LIST items counted in protobuf', async (t) => {
  const engine = await requiredEngine();
  const out = await mkdtemp(join(tmpdir(), 'ksb-e2e-go-'));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const target = localTarget({ kubeVersion: '1.33.13', log: () => {} });
  const common = { reps: 1, outRoot: out, target, engine, version: 'test', log: () => {} };

  const inf = await runBenchmark({
    ...common,
    workload: workload('informer-storm'),
    sets: ['informers=3', 'objects=25', 'objectSize=4KiB', 'duration=2s', 'churnPerSecond=2', 'contentType=protobuf', 'http1=true'],
    variants: ['legacy', 'streaming'],
  });
  const m = await readManifest(inf.dir);
  t.is(m.status, 'complete', JSON.stringify(m.repetitions));
  t.like(m.clients[0], { client: 'client-go', content_type: 'protobuf', transport: 'HTTP/1.1' });
  const requests = (await readCsv(inf.dir, 'requests.csv')).rows;
  t.deepEqual(
    requests.filter((r) => r.error),
    [],
  );
  for (const [variant, op] of [
    ['legacy', 'list'],
    ['streaming', 'watchlist'],
  ] as const) {
    const syncs = requests.filter((r) => r.variant === variant && r.op === op);
    t.is(syncs.length, 3, `${variant} ${op}`);
    for (const s of syncs) t.is(s.objects, '25');
  }
  t.true(
    requests.some((r) => r.op === 'watch' && Number(r.objects) > 0),
    'churn events reached the watches',
  );

  const list = await runBenchmark({
    ...common,
    workload: workload('large-list'),
    sets: ['clients=2', 'repeats=1', 'objects=40', 'objectSize=4KiB', 'accept=protobuf'],
    variants: ['streaming'],
  });
  const lists = (await readCsv(list.dir, 'requests.csv')).rows.filter((r) => r.op === 'list');
  t.is(lists.length, 2);
  for (const l of lists) {
    t.is(l.error, '');
    t.is(l.objects, '40');
  }
});
