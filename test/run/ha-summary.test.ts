import test from 'ava';
import type { RepRecord } from '../../src/results/manifest.js';
import type { SampleRow } from '../../src/results/rows.js';
import { haLines, haRepLine, replicaMemory } from '../../src/run/ha-summary.js';

const GiB = 2 ** 30;

function rep(events: RepRecord['apiserver_events'], extra: Partial<RepRecord> = {}): RepRecord {
  return {
    variant: 'legacy',
    rep: 1,
    status: 'complete',
    started: '',
    seededObjects: 0,
    target: { kind: 'local', version: {}, featureGates: {}, details: { apiservers: 3 } },
    apiserver_events: events,
    ...extra,
  };
}

test('a cascade in one line: kills in order, the bystander, whether all came back', (t) => {
  const r = rep(
    [
      { t: 14.2, apiserver: '1', kind: 'oom-killed' },
      { t: 14.2, apiserver: '1', kind: 'exited' },
      { t: 19.8, apiserver: '0', kind: 'oom-killed' },
      { t: 19.8, apiserver: '0', kind: 'exited' },
      { t: 24.2, apiserver: '1', kind: 'restarted' },
      { t: 30.1, apiserver: '1', kind: 'ready' },
    ],
    { bystander: { requests: 200, errors: 78, availability: 0.61, p50_ms: 4, p99_ms: 900 } },
  );
  t.is(
    haRepLine(r),
    'legacy rep 1: 2 of 3 apiservers OOM-killed (first at 14.2 s, next at 19.8 s); bystander availability 61% of 200 requests; all ready again at the end: no',
  );
});

test('a SIGKILL is an exit, not an OOM kill; one apiserver alone has no line', (t) => {
  const r = rep([
    { t: 5, apiserver: '0', kind: 'exited' },
    { t: 15, apiserver: '0', kind: 'restarted' },
    { t: 21, apiserver: '0', kind: 'ready' },
  ]);
  t.is(haRepLine(r), 'legacy rep 1: 0 of 3 apiservers OOM-killed; 1 other exit (not for memory); all ready again at the end: yes');
  t.is(haRepLine({ ...r, target: { ...r.target!, details: { apiservers: 1 } } }), undefined);
  t.deepEqual(haLines([{ ...r, apiserver_events: undefined }]), []);
});

test("each replica's baseline, peak and growth from its own rows; the line names the largest and sums the growth", (t) => {
  const row = (t_ms: number, i: string, gib: number): SampleRow => ({
    ...{ run_id: 'r', variant: 'legacy', rep: 1, t_ms, source: 'proc', metric: 'apiserver_rss_bytes' },
    ...{ value: gib * GiB, labels: `apiserver="${i}"` },
  });
  const rows = [row(-500, '0', 1), row(100, '0', 2.5), row(200, '0', 2), row(-500, '1', 1), row(100, '1', 1.5)];
  rows.push({ ...row(100, '', 4), labels: '' }); // the sum, unlabelled: not a replica
  const m = replicaMemory(rows);
  t.deepEqual(m, [
    { apiserver: '0', baseline_bytes: GiB, peak_bytes: 2.5 * GiB, growth_bytes: 1.5 * GiB },
    { apiserver: '1', baseline_bytes: GiB, peak_bytes: 1.5 * GiB, growth_bytes: 0.5 * GiB },
  ]);
  t.regex(
    haRepLine(rep([], { apiserver_memory: m }))!,
    /peak RSS of the largest replica 2\.50 GiB \(#0\); growth per replica 1\.50 \/ 0\.50 GiB, summed 2\.00 GiB$/,
  );
  // A kubeconfig cluster's replicas read through Prometheus: the same figures from its labelled rows, which a local
  // target's /proc rows beside them would outrank.
  const fromPrometheus = rows.map((s) => ({
    ...s,
    source: 'prometheus' as const,
    labels: s.labels && `instance="10.0.0.1:6443",${s.labels}`,
  }));
  t.deepEqual(replicaMemory(fromPrometheus), m);
  t.deepEqual(replicaMemory([...fromPrometheus.map((s) => ({ ...s, value: 9 * GiB })), ...rows]), m);
  // One local apiserver read through Prometheus too (--prometheus-file-sd): its /proc figure stands, no replicas.
  t.deepEqual(replicaMemory([{ ...row(100, '', 4), labels: '' }, ...fromPrometheus.filter((s) => s.labels.includes('apiserver="0"'))]), []);
});
