// Which source a figure comes from when several measured the same thing: /proc of the local process, else
// Prometheus's sum over replicas (--prometheus-url), else the direct /metrics scrape; never two mixed.
import test from 'ava';
import type { SampleRow } from '../../src/results/rows.js';
import { counterIncrease, repFigures } from '../../src/results/summary.js';

const row = (source: SampleRow['source'], metric: string, t_ms: number, value: number, labels = ''): SampleRow => ({
  run_id: 'r',
  variant: 'v',
  rep: 1,
  t_ms,
  source,
  metric,
  value,
  labels,
});

const proc = [row('proc', 'apiserver_rss_bytes', -100, 100), row('proc', 'apiserver_rss_bytes', 500, 200)];
const procCpu = [row('proc', 'apiserver_cpu_seconds', -100, 10), row('proc', 'apiserver_cpu_seconds', 500, 12)];
const prom = [
  row('prometheus', 'apiserver_rss_bytes', -1000, 150, 'aggregate="sum",replicas="2"'),
  row('prometheus', 'apiserver_rss_bytes', 1000, 300, 'aggregate="sum",replicas="2"'),
  row('prometheus', 'apiserver_rss_max_replica_bytes', 1000, 180, 'aggregate="max",replicas="2"'),
  row('prometheus', 'apiserver_replicas', 1000, 2),
  row('prometheus', 'apiserver_cpu_seconds', -1000, 50, 'aggregate="sum",replicas="2"'),
  row('prometheus', 'apiserver_cpu_seconds', 1000, 57, 'aggregate="sum",replicas="2"'),
  row('prometheus', 'apiserver_heap_inuse_bytes', 1000, 90, 'aggregate="sum",replicas="2"'),
  // a replica's own heap and etcd's: rows, not the figure
  row('prometheus', 'go_memstats_heap_inuse_bytes', 1000, 999, 'instance="a",job="etcd"'),
];
const direct = [
  row('metrics', 'apiserver_rss_bytes', -100, 120),
  row('metrics', 'apiserver_rss_bytes', 500, 250),
  row('metrics', 'go_memstats_heap_inuse_bytes', 500, 70),
];

const cases: Array<[string, SampleRow[], { peak: number; baseline: number; maxReplica: number; replicas: number; cpu: number; heap: number }]> = [
  ['/proc first, Prometheus and the scrape beside it', [...proc, ...procCpu, ...prom, ...direct], { peak: 200, baseline: 100, maxReplica: NaN, replicas: NaN, cpu: 2, heap: 90 }],
  ["Prometheus's sum without /proc", [...prom, ...direct], { peak: 300, baseline: 150, maxReplica: 180, replicas: 2, cpu: 7, heap: 90 }],
  ['the direct scrape alone', direct, { peak: 250, baseline: 120, maxReplica: NaN, replicas: NaN, cpu: NaN, heap: 70 }],
];
for (const [name, samples, want] of cases) {
  test(`figures from ${name}`, (t) => {
    const f = repFigures('v', 1, samples, [], new Set());
    t.deepEqual(
      {
        peak: f.rssPeakBytes,
        baseline: f.rssBaselineBytes,
        maxReplica: f.rssPeakMaxReplicaBytes,
        replicas: f.apiserverReplicas,
        cpu: f.apiserverCpuSeconds,
        heap: f.heapPeakBytes,
      },
      want,
    );
  });
}

test('a counter that drops during the load (its process restarted) grows by its new value, as increase() reads a reset', (t) => {
  const cpu = (t_ms: number, value: number) => row('proc', 'apiserver_cpu_seconds', t_ms, value);
  // 10 s before the load, 14 s when the restart stopped it, a new process at 0.5 s, 2 s at the end: 4 + 2 = 6 s.
  t.is(counterIncrease([cpu(-100, 10), cpu(500, 12), cpu(1000, 14), cpu(1500, 0.5), cpu(2000, 2)]), 6);
  t.is(counterIncrease([cpu(-100, 10), cpu(2000, 13)]), 3);
  t.true(Number.isNaN(counterIncrease([cpu(-100, 10)])));
  // a series first seen during the load grew from zero
  t.is(counterIncrease([cpu(100, 3), cpu(200, 5)]), 5);
});
