// The data behind a run on several apiservers' charts: a series per apiserver, its events at their times on its
// line, the bystander's availability per time bucket; and the charts and Mermaid graphs made of them.
import test from 'ava';
import { loadRun } from '../../src/results/load-run.js';
import type { SampleRow } from '../../src/results/rows.js';
import { allCharts } from '../../src/report/charts.js';
import { comparisonMermaid } from '../../src/report/mermaid.js';
import { bystanderAvailability, replicaEvents, replicaRssPoints, replicasOf } from '../../src/report/replica-series.js';
import type { SeriesSide } from '../../src/report/series.js';
import { fakeRun } from '../helpers/fake-run.js';
import { tempDir } from '../helpers/tmp.js';

async function haSides(t: Parameters<typeof tempDir>[0], apiservers?: number): Promise<SeriesSide[]> {
  const root = await tempDir(t, 'ksb-replica-series-');
  const run = await loadRun(
    await fakeRun(root, 'ha', { legacy: { peaksMiB: [600, 660, 630] }, streaming: { peaksMiB: [300] } }, apiservers ? { apiservers } : {}),
  );
  return run.manifest.variants.map((v) => ({ label: v.name, run, variant: v.name }));
}

test('a series per apiserver, every repetition, from its labelled /proc rows only', async (t) => {
  const [legacy] = await haSides(t, 3);
  t.deepEqual(replicasOf(legacy!), ['0', '1', '2']);
  const points = replicaRssPoints(legacy!);
  t.is(points.length, 3 * 3 * 5, '3 repetitions x 3 apiservers x 5 samples');
  // apiserver 2 holds 3/6 of the curve: at the peak of repetition 2 (660 MiB), 330 MiB.
  t.is(points.find((p) => p.rep === 2 && p.apiserver === '2' && p.t_s === 0.5)?.rss_mib, 330);
  // apiserver 1 restarted: back at its baseline share (100 / 3 MiB) at 1 s.
  t.is(points.find((p) => p.rep === 1 && p.apiserver === '1' && p.t_s === 1)?.rss_mib, 100 / 3);
  t.deepEqual(
    replicaRssPoints(legacy!, [3]).map((p) => p.rep),
    Array<number>(15).fill(3),
  );
});

test("each event at its time, on its apiserver's line: the ended process's last sample, the restarted one's first", async (t) => {
  const [legacy] = await haSides(t, 3);
  const events = replicaEvents(legacy!, [1]);
  t.deepEqual(
    events.map((e) => [e.apiserver, e.kind, e.t_s, e.rss_mib]),
    [
      ['1', 'oom-killed', 0.5, 200],
      ['1', 'exited', 0.5, 200],
      ['1', 'backend-down', 0.5, 200],
      ['1', 'restarted', 0.8, 100 / 3],
      ['1', 'ready', 1, 100 / 3],
      ['1', 'backend-up', 1, 100 / 3],
    ],
  );
  t.is(replicaEvents(legacy!).length, 18, 'six per repetition');
});

test('bystander availability per 1 s bucket and side, over every repetition', async (t) => {
  const sides = await haSides(t, 3);
  const buckets = bystanderAvailability(sides);
  t.deepEqual(
    buckets.map((b) => [b.series, b.t_s, b.availability, b.requests]),
    [
      // 0.00, 0.25 good; 0.50, 0.75 failed; x3 repetitions
      ['legacy', 0, 0.5, 12],
      ['legacy', 1, 1, 12],
      ['legacy', 2, 1, 12],
      ['streaming', 0, 0.5, 4],
      ['streaming', 1, 1, 4],
      ['streaming', 2, 1, 4],
    ],
  );
  t.true(buckets.every((b) => b.width_s === 1));
  // A longer run: buckets widen to keep at most 60 of them.
  const row = (t_ms: number, ok: boolean): SampleRow => ({
    run_id: 'r',
    variant: 'v',
    rep: 1,
    t_ms,
    source: 'bystander',
    metric: 'bystander_latency_ms',
    value: 3,
    labels: `op="get",outcome="${ok ? 'ok' : 'error'}"`,
  });
  const long = { ...sides[0]!, variant: 'v', run: { ...sides[0]!.run, samples: [row(0, true), row(119_000, false), row(119_500, true)] } };
  t.deepEqual(
    bystanderAvailability([long]).map((b) => [b.t_s, b.width_s, b.availability]),
    [
      [0, 2, 1],
      [118, 2, 0.5],
    ],
  );
});

test('one apiserver: no per-apiserver chart or graph, nor a bystander one without its rows', async (t) => {
  const sides = await haSides(t);
  t.deepEqual(replicasOf(sides[0]!), []);
  t.false(allCharts(sides).some((c) => c.file.startsWith('apiserver-rss-per-replica') || c.file === 'bystander-availability'));
  t.is(comparisonMermaid(sides).length, 3);
});

test('three apiservers: a chart per side with its events, a bystander chart, and their Mermaid graphs', async (t) => {
  const sides = await haSides(t, 3);
  const files = allCharts(sides).map((c) => c.file);
  t.deepEqual(
    files.filter((f) => f.startsWith('apiserver-rss-per-replica') || f === 'bystander-availability'),
    ['apiserver-rss-per-replica-1', 'apiserver-rss-per-replica-2', 'bystander-availability'],
  );
  const graphs = comparisonMermaid(sides);
  const perReplica = graphs.filter((g) => g.block.includes('RSS of each apiserver'));
  t.is(perReplica.length, 2);
  t.deepEqual(perReplica[0]!.points, [5, 5, 5], 'a line per apiserver');
  t.regex(perReplica[0]!.block, /repetition 3/, "legacy's median peak (630 MiB) is repetition 3");
  t.regex(perReplica[0]!.caption, /apiserver 1 oom-killed at 0\.5 s, .*apiserver 1 restarted at 0\.8 s/);
  const bystander = graphs.find((g) => g.block.includes('bystander availability'));
  t.deepEqual(bystander?.points, [3, 3]);
  t.regex(bystander!.block, /line \[50, 100, 100\]/);
});

test("a kubeconfig cluster's replicas read through Prometheus: the same series, from its labelled rows", async (t) => {
  const [legacy] = await haSides(t, 3);
  const fromProc = replicaRssPoints(legacy!);
  // The same rows as Prometheus writes them: its own source, each replica's instance beside its number.
  const samples = legacy!.run.samples.map((s) =>
    s.source === 'proc' && s.labels
      ? { ...s, source: 'prometheus' as const, labels: `instance="10.0.0.${s.labels.at(-2)}:6443",${s.labels}` }
      : s,
  );
  const prom = { ...legacy!, run: { ...legacy!.run, samples } };
  t.deepEqual(replicasOf(prom), ['0', '1', '2']);
  t.deepEqual(replicaRssPoints(prom), fromProc);
  t.true(allCharts([prom]).some((c) => c.file === 'apiserver-rss-per-replica-1'));
});
