import test from 'ava';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareSides } from '../../src/compare/compare.js';
import { pairsFor } from '../../src/compare/comparison.js';
import { loadRun } from '../../src/results/load-run.js';
import type { RepFigures } from '../../src/results/summary.js';
import { runKsb } from '../helpers/cli.js';
import { fakeRun } from '../helpers/fake-run.js';

function figs(variant: string, peaks: number[]): RepFigures[] {
  return peaks.map((p, i) => ({
    variant,
    rep: i + 1,
    rssBaselineBytes: 100,
    rssPeakBytes: p,
    rssGrowthBytes: p - 100,
    heapPeakBytes: NaN,
    syncedP50Ms: NaN,
    syncedP99Ms: NaN,
    listP50Ms: NaN,
    listP99Ms: NaN,
    watchP50Ms: NaN,
    watchP99Ms: NaN,
    bytesReceived: NaN,
    listResponseBytes: NaN,
    syncs: 0,
    errors: 0,
    apiserverCpuSeconds: NaN,
    etcdCpuSeconds: NaN,
    clientCpuSeconds: NaN,
    clientRssPeakBytes: NaN,
    clientCpuSecondsPerGB: NaN,
    apiserverAllocatedBytes: NaN,
    apiserverGcCycles: NaN,
    terminatedWatchers: 0,
    apfRejectedRequests: 0,
  }));
}

const synthetic: Array<[string, number[], number[], string]> = [
  ['improved', [1000, 1020, 980], [500, 510, 490], 'improved'],
  ['regressed', [1000, 1020, 980], [1500, 1480, 1520], 'regressed'],
  ['noise', [1000, 1100, 900], [1010, 950, 1050], 'inconclusive'],
  ['steady', [1000, 1002, 998], [1001, 999, 1000], 'unchanged'],
];
for (const [name, base, cand, expected] of synthetic) {
  test(`compare on synthetic runs: ${name}`, (t) => {
    const rows = compareSides({ label: 'b', figures: figs('v', base) }, { label: 'c', figures: figs('v', cand) }, { threshold: 0.05 });
    t.is(rows.find((r) => r.metric === 'apiserver_rss_peak_bytes')!.verdict, expected as never);
  });
}

test('runs whose parameters or target differ are refused with the differing fields named', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'ksb-cmp-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const a = await loadRun(await fakeRun(root, 'a', { streaming: { peaksMiB: [200, 210] } }));
  const b = await loadRun(
    await fakeRun(root, 'b', { streaming: { peaksMiB: [200, 210] } }, { params: { informers: 8 }, kubeVersion: 'v1.34.0' }),
  );
  t.throws(() => pairsFor([a, b], {}), {
    message: /target\.version: v1\.33\.0-ksb-mock vs v1\.34\.0\n {2}workload\.params\.informers: 4 vs 8\npass --allow-mismatch/,
  });
  t.is(pairsFor([a, b], { allowMismatch: true }).length, 1);
});

test('ksb compare: sentences, comparison.csv, and --fail-on-regression as a CI gate', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'ksb-cmp-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const both = await fakeRun(root, 'both', { legacy: { peaksMiB: [1000, 1040, 980] }, streaming: { peaksMiB: [150, 160, 155] } });
  const r = await runKsb(['compare', both, '--out', join(root, 'cmp')]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /streaming used \d+\.\d\d ± \d+\.\d\d × less peak apiserver memory than legacy/);
  const csvPath = /comparison: (\S+comparison\.csv)/.exec(r.stdout)![1]!;
  const csv = await readFile(csvPath, 'utf8');
  t.true(csv.startsWith('metric,baseline,candidate,ratio,ci_low,ci_high,verdict,'));
  t.regex(csv, /\napiserver_rss_peak_bytes,[\d.]+,[\d.]+,0\.1\d+,0\.1\d+,0\.1\d+,improved,/);

  const base = await fakeRun(root, 'base', { streaming: { peaksMiB: [200, 205, 198] } });
  const worse = await fakeRun(root, 'worse', { streaming: { peaksMiB: [400, 410, 395] } });
  const gated = await runKsb(['compare', base, worse, '--fail-on-regression', '--out', join(root, 'cmp')]);
  t.is(gated.code, 1);
  t.regex(gated.stderr, /gated metrics regressed: candidate: apiserver_rss_peak_bytes/);
  const better = await runKsb(['compare', worse, base, '--fail-on-regression', '--out', join(root, 'cmp')]);
  t.is(better.code, 0, better.stderr);
  const bad = await runKsb(['compare', base, worse, '--threshold', 'lots']);
  t.regex(bad.stderr, /--threshold.*expected a percentage like 5%/);
});
