// Two apiserver replicas as Prometheus sees them: per-replica rows keep each instance, the summary figures are the
// sum and the largest replica, and a family no replica exposes is named. The replicas are two small /metrics
// servers with fixed values (so the expected figures are known by hand), scraped every second by a real Prometheus;
// `ksb collect` reaches one of them through a kubeconfig, as it would reach one replica behind a load balancer.
import test from 'ava';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { prometheusEndpoint, queryInstant } from '../../src/collect/prometheus-api.js';
import { repFigures } from '../../src/results/summary.js';
import { replicaMemory } from '../../src/run/ha-summary.js';
import type { SampleRow } from '../../src/results/rows.js';
import { runKsb } from '../helpers/cli.js';
import { kubeconfigYaml } from '../helpers/kubeconfig.js';
import { startPrometheus } from '../helpers/prometheus.js';
import { readCsv } from '../helpers/results.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const MiB = 2 ** 20;

async function fakeApiserver(t: { teardown(f: () => Promise<void>): void }, rssMiB: number, started: number): Promise<string> {
  const metrics = [
    `process_resident_memory_bytes ${rssMiB * MiB}`,
    `go_memstats_heap_inuse_bytes ${(rssMiB / 2) * MiB}`,
    `process_cpu_seconds_total ${rssMiB / 100}`,
    `process_start_time_seconds ${started}`,
    'apiserver_current_inflight_requests{request_kind="readOnly"} 1',
    '',
  ].join('\n');
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(metrics);
    } else if (req.url === '/version') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ gitVersion: 'v1.33.13-fake', major: '1', minor: '33' }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('two replicas through Prometheus: each instance kept, sum and largest replica in the figures, missing families named', async (t) => {
  const a = await fakeApiserver(t, 300, 1_700_000_000);
  const b = await fakeApiserver(t, 500, 1_700_000_100);
  const prom = await startPrometheus(t, [{ job_name: 'apiserver', static_configs: [{ targets: [a, b] }] }]);
  const ep = prometheusEndpoint(prom.url);
  // The window ksb queries starts a step (1 s, rounded down to the second) before collect does: both replicas need
  // samples older than that, which `offset 3s` finds only once they are (with a second to spare).
  await waitFor(async () => (await queryInstant(ep, 'process_resident_memory_bytes offset 3s')).length === 2, {
    timeoutMs: 60_000,
    intervalMs: 250,
    what: 'samples of both replicas at least 3 s old in Prometheus',
    detail: () => prom.logs(),
  });
  const dir = await tempDir(t, 'ksb-prom-replicas-');
  await writeFile(join(dir, 'config'), kubeconfigYaml({ server: `http://${a}`, context: 'lb' }));
  const r = await runKsb([
    'collect',
    '--kubeconfig',
    join(dir, 'config'),
    '--duration',
    '3s',
    '--prometheus-url',
    prom.url,
    '--prometheus-step',
    '1s',
    '--out',
    join(dir, 'results'),
  ]);
  t.is(r.code, 0, r.stderr);
  const [id] = await readdir(join(dir, 'results'));
  const runDir = join(dir, 'results', id!);
  const run = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')) as {
    prometheus: { url: string; apiserver_instances: string[]; missing: string[] };
    warnings: string[];
  };
  t.is(run.prometheus.url, prom.url);
  t.deepEqual(run.prometheus.apiserver_instances, [a, b].sort());
  // The fake replicas expose no longrunning or request counters, and there is no etcd: each named with its selector.
  for (const m of [
    'apiserver_longrunning_requests{job="apiserver"}',
    'apiserver_request_total{job="apiserver"}',
    'process_resident_memory_bytes{job=~"etcd|kube-etcd"}',
  ])
    t.true(run.prometheus.missing.includes(m), `${m} in ${JSON.stringify(run.prometheus.missing)}`);
  t.deepEqual(run.warnings, [], 'with Prometheus, no warning about the direct scrape');

  const rows = (await readCsv(runDir, 'samples.csv')).rows.map(
    (s): SampleRow => ({ ...s, rep: Number(s.rep), t_ms: Number(s.t_ms), value: Number(s.value) }) as SampleRow,
  );
  const prom1 = rows.filter((s) => s.source === 'prometheus');
  // Each replica keeps its instance and is numbered as a local target's replicas are: apiserver="i" is the i-th of
  // apiserver_instances.
  const [first, second] = [a, b].sort();
  const rssOf = (instance: string, i: number) =>
    prom1
      .filter((s) => s.metric === 'process_resident_memory_bytes' && s.labels === `instance="${instance}",job="apiserver",apiserver="${i}"`)
      .map((s) => s.value);
  const expected = (instance: string) => (instance === a ? 300 : 500) * MiB;
  for (const [i, instance] of [first!, second!].entries()) {
    t.true(
      rssOf(instance, i).length >= 3 && rssOf(instance, i).every((v) => v === expected(instance)),
      `replica ${i} (${instance}): ${rssOf(instance, i).join(', ')}`,
    );
    // …and its RSS under the name the figures use, as a local target's /proc rows: the report draws them.
    const own = prom1.filter((s) => s.metric === 'apiserver_rss_bytes' && s.labels === `instance="${instance}",apiserver="${i}"`);
    t.true(own.length >= 3 && own.every((s) => s.value === expected(instance)), `apiserver_rss_bytes of replica ${i}: ${own.length} rows`);
  }
  t.true(
    prom1.filter((s) => s.metric === 'apiserver_current_inflight_requests').every((s) => /,apiserver="[01]"$/.test(s.labels)),
    'every apiserver series numbered',
  );
  const sums = prom1.filter((s) => s.metric === 'apiserver_rss_bytes' && !s.labels.includes('apiserver="'));
  t.true(
    sums.length >= 3 && sums.every((s) => s.value === 800 * MiB && s.labels === 'aggregate="sum",replicas="2"'),
    JSON.stringify(sums[0]),
  );
  t.true(prom1.filter((s) => s.metric === 'apiserver_rss_max_replica_bytes').every((s) => s.value === 500 * MiB));
  t.true(prom1.filter((s) => s.metric === 'apiserver_heap_inuse_bytes').every((s) => s.value === 400 * MiB));

  // The figures a run's summary is made of: Prometheus's sum over the replicas, and the largest one, not the
  // direct scrape of the one replica the kubeconfig reaches (300 MiB).
  const f = repFigures('collect', 1, rows, [], new Set());
  t.is(f.rssPeakBytes, 800 * MiB);
  t.is(f.rssPeakMaxReplicaBytes, 500 * MiB);
  t.is(f.apiserverReplicas, 2);
  t.is(f.heapPeakBytes, 400 * MiB);
  // What run.json keeps per replica, as for a local target's: baseline, peak and growth of each.
  t.deepEqual(
    replicaMemory(rows).map((m) => [m.apiserver, m.peak_bytes]),
    [
      ['0', expected(first!)],
      ['1', expected(second!)],
    ],
  );
  t.true(
    rows.some((s) => s.source === 'metrics' && s.metric === 'apiserver_rss_bytes' && s.value === 300 * MiB),
    'the direct scrape is kept too',
  );
});
