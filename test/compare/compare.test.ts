import test from 'ava';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapRatioCI, seededRandom } from '../../src/stats/bootstrap.js';
import { compareSides } from '../../src/compare/compare.js';
import { pairsFor } from '../../src/compare/comparison.js';
import { loadRun, loadRunOrRuns } from '../../src/results/load-run.js';
import { countVerdict, verdictOf } from '../../src/stats/verdict.js';
import type { RepFigures } from '../../src/results/summary.js';
import { runKsb } from '../helpers/cli.js';
import { fakeRun } from '../helpers/fake-run.js';

test('bootstrap: seeded, so the same data gives the same interval', (t) => {
  const a = [10, 12, 11, 13];
  const b = [5, 6, 5.5, 6.5];
  t.deepEqual(bootstrapRatioCI(a, b, 7), bootstrapRatioCI(a, b, 7));
  t.notDeepEqual(bootstrapRatioCI(a, b, 7), bootstrapRatioCI(a, b, 8));
  const r = seededRandom(1);
  t.true([r(), r(), r()].every((x) => x >= 0 && x < 1));
});

test('bootstrap by hand: baseline [1, 3], candidate [2, 2]', (t) => {
  // Resampled baseline means are 1, 2, 3 with probability 1/4, 1/2, 1/4; the candidate mean is always 2,
  // so the ratio is 2, 1 or 2/3 and its 2.5th and 97.5th percentiles are 2/3 and 2.
  const ci = bootstrapRatioCI([1, 3], [2, 2], 42);
  t.true(Math.abs(ci.low - 2 / 3) < 1e-12, String(ci.low));
  t.is(ci.high, 2);
  const constant = bootstrapRatioCI([10, 10, 10], [5, 5, 5], 1);
  t.deepEqual(constant, { low: 0.5, high: 0.5 });
});

const verdicts: Array<[string, number, number, [number, number], string]> = [
  ['clearly lower', 3, 3, [0.4, 0.6], 'improved'],
  ['clearly higher', 3, 3, [1.2, 1.5], 'regressed'],
  ['inside the band', 3, 3, [0.97, 1.03], 'unchanged'],
  ['crossing the band', 3, 3, [0.9, 1.1], 'inconclusive'],
  ['one repetition', 1, 3, [0.4, 0.6], 'inconclusive'],
];
for (const [name, nb, nc, [low, high], expected] of verdicts) {
  test(`verdict: ${name} -> ${expected}`, (t) => {
    t.is(verdictOf({ nBaseline: nb, nCandidate: nc, ci: { low, high }, threshold: 0.05 }).verdict, expected as never);
  });
}

test('too few repetitions say so', (t) => {
  t.regex(verdictOf({ nBaseline: 1, nCandidate: 1, ci: { low: 0.1, high: 0.2 }, threshold: 0.05 }).note, /too few repetitions \(1 vs 1; need >= 2 each/);
  t.like(countVerdict([0, 0], [0, 1]), { verdict: 'regressed' });
  t.like(countVerdict([0, 0], [0, 0]), { verdict: 'unchanged' });
});

function figs(variant: string, peaks: number[]): RepFigures[] {
  return peaks.map((p, i) => ({ variant, rep: i + 1, rssBaselineBytes: 100, rssPeakBytes: p, rssGrowthBytes: p - 100, heapPeakBytes: NaN, syncedP50Ms: NaN, syncedP99Ms: NaN, listP50Ms: NaN, listP99Ms: NaN, watchP50Ms: NaN, watchP99Ms: NaN, bytesReceived: NaN, listResponseBytes: NaN, syncs: 0, errors: 0 }));
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
  const b = await loadRun(await fakeRun(root, 'b', { streaming: { peaksMiB: [200, 210] } }, { params: { informers: 8 }, kubeVersion: 'v1.34.0' }));
  t.throws(() => pairsFor([a, b], {}), { message: /target\.version: v1\.33\.0-ksb-mock vs v1\.34\.0\n {2}workload\.params\.informers: 4 vs 8\npass --allow-mismatch/ });
  t.is(pairsFor([a, b], { allowMismatch: true }).length, 1);
});

test('a directory of runs pools their repetitions in order', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'ksb-cmp-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  await fakeRun(join(root, 'base'), 'r1', { streaming: { peaksMiB: [200] } });
  await fakeRun(join(root, 'base'), 'r2', { streaming: { peaksMiB: [300] } });
  const pooled = await loadRunOrRuns(join(root, 'base'));
  t.deepEqual(pooled.figures.map((f) => [f.rep, f.rssPeakBytes / 2 ** 20]), [[1, 200], [2, 300]]);
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
