import test from 'ava';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareSides } from '../../src/compare/compare.js';
import { pairsFor } from '../../src/compare/comparison.js';
import { loadRun } from '../../src/results/load-run.js';
import type { RepFigures } from '../../src/metrics/rep-figures.js';
import { runKsb } from '../helpers/cli.js';
import { fakeRun } from '../helpers/fake-run.js';
import { repWithPeak } from '../helpers/figures.js';

function figs(variant: string, peaks: number[]): RepFigures[] {
  return peaks.map((p, i) => repWithPeak(variant, i + 1, p, 100));
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

test('time to synced has a 5 ms noise floor: a 4 ms rise on 20 ms is not called a regression', (t) => {
  const synced = (variant: string, ms: number[]) => figs(variant, [1000, 1000, 1000]).map((f, i) => ({ ...f, syncedP99Ms: ms[i]! }));
  const rows = compareSides(
    { label: 'b', figures: synced('v', [20, 21, 19]) },
    { label: 'c', figures: synced('v', [24, 25, 23]) },
    { threshold: 0.05 },
  );
  const row = rows.find((r) => r.metric === 'time_to_synced_p99_ms')!;
  // 5 ms over a 20 ms baseline mean: the threshold becomes 25%, and a ratio of about 1.2 stays inside it.
  t.is(row.threshold, 0.25);
  t.is(row.verdict, 'inconclusive');
  t.regex(row.note, /^a change, but not clearly beyond ±25%.*; threshold 25%: the 5 ms noise floor$/);
});

test('events (errors, terminated watchers) are compared as rates; other counts (GC cycles) as ratios', (t) => {
  const counted = (variant: string, gc: number[], terminated: number[]) =>
    figs(variant, [1000, 1000, 1000]).map((f, i) => ({ ...f, apiserverGcCycles: gc[i]!, terminatedWatchers: terminated[i]! }));
  const rows = compareSides(
    { label: 'b', figures: counted('v', [100, 110, 121], [0, 0, 0]) },
    { label: 'c', figures: counted('v', [110, 121, 133.1], [2, 2, 2]) },
    { threshold: 0.05 },
  );
  const gc = rows.find((r) => r.metric === 'apiserver_gc_cycles')!;
  t.false(gc.events);
  t.true(
    Math.abs(gc.estimate.ratio - 1.1) < 1e-9 && Math.abs(gc.estimate.low - 0.886252) < 1e-6,
    'the interval worked by hand in test/stats',
  );
  t.like(
    rows.find((r) => r.metric === 'terminated_watchers'),
    { events: true, verdict: 'regressed', note: '6 vs 0 in total' },
  );
});

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
  t.regex(r.stdout, /streaming used \d+\.\d\d× less peak apiserver memory than legacy \(95% CI \d+\.\d\d–\d+\.\d\d×\)/);
  t.regex(r.stdout, /streaming vs legacy, n = 3 repetitions a side/);
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
});

test('ksb compare warns when the two servers ran at different compatibility versions or effective gates', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'ksb-cmp-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const gates = { ConsistentListFromCache: true, StreamingCollectionEncodingToJSON: true, WatchList: true };
  const native = await fakeRun(root, 'native', { streaming: { peaksMiB: [200, 205, 198] } }, { effectiveGates: gates });
  const emulated = await fakeRun(
    root,
    'emulated',
    { streaming: { peaksMiB: [201, 204, 199] } },
    { emulatedVersion: '1.33', effectiveGates: { ...gates, ConsistentListFromCache: false } },
  );
  const r = await runKsb(['compare', native, emulated, '--out', join(root, 'cmp')]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /warning: the runs differed: compatibility version: baseline not emulating, candidate emulating 1\.33/);
  t.regex(
    r.stdout,
    /warning: the runs differed: streaming: gate ConsistentListFromCache true on the baseline's server, false on the candidate's/,
  );
  t.notRegex(r.stdout, /StreamingCollectionEncodingToJSON/);
  const json = JSON.parse(await readFile(join(/comparison: (\S+)\/comparison\.csv/.exec(r.stdout)![1]!, 'comparison.json'), 'utf8'));
  t.is(json.pairs[0].server_differences.length, 2);
  const same = await fakeRun(root, 'same', { streaming: { peaksMiB: [200, 205, 198] } }, { effectiveGates: gates });
  const quiet = await runKsb(['compare', native, same, '--out', join(root, 'cmp')]);
  t.notRegex(quiet.stdout, /warning/);
});

test('ksb compare: bad --threshold, --threshold-for and --gate exit non-zero naming the flag and the choices', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'ksb-cmp-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const run = await fakeRun(root, 'both', { legacy: { peaksMiB: [1000, 1040, 980] }, streaming: { peaksMiB: [150, 160, 155] } });
  const cases: Array<[string[], RegExp]> = [
    [['--threshold', 'lots'], /option '--threshold <percent>' argument 'lots' is invalid\. expected a percentage above 0% and below 100%/],
    [['--threshold', '0'], /'--threshold <percent>' argument '0' is invalid\. expected a percentage above 0% and below 100%, like 5%/],
    [['--threshold', '100%'], /'--threshold <percent>' argument '100%' is invalid/],
    [['--threshold', '150%'], /'--threshold <percent>' argument '150%' is invalid/],
    [['--threshold-for', 'time_to_synced_p99_ms=0%'], /'--threshold-for <metric=percent>' argument .* expected a percentage above 0%/],
    [
      ['--threshold-for', 'nope=5%'],
      /'--threshold-for <metric=percent>' argument 'nope=5%' is invalid\. unknown metric; choose from: apiserver_rss_peak_bytes, /,
    ],
    [
      ['--gate', 'rss'],
      /option '--gate <metric>' argument 'rss' is invalid\. unknown metric; choose from: apiserver_rss_peak_bytes, .*errors/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = await runKsb(['compare', run, ...args, '--out', join(root, 'cmp')]);
    t.not(r.code, 0, args.join(' '));
    t.regex(r.stderr, message, args.join(' '));
  }
  const report = await runKsb(['report', run, '--out', join(root, 'rep'), '--threshold', '0.05']);
  t.not(report.code, 0);
  t.regex(
    report.stderr,
    /'--threshold <percent>' argument '0\.05' is invalid\. "0\.05" would be 0\.05%; write it with a % sign: 0\.05% or 5%/,
  );
});

test('ksb compare: different repetition counts work and say so; a metric --gate leaves out is reported, not gated', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'ksb-cmp-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const base = await fakeRun(root, 'base', { streaming: { peaksMiB: [200, 205, 198] } });
  const cand = await fakeRun(root, 'cand', { streaming: { peaksMiB: [400, 410, 395, 405, 402] } });
  const r = await runKsb(['compare', base, cand, '--gate', 'time_to_synced_p99_ms', '--fail-on-regression', '--out', join(root, 'cmp')]);
  t.is(r.code, 0, 'peak RSS regressed, but it is not gated');
  t.regex(
    r.stdout,
    /candidate vs baseline, n = 3 baseline and 5 candidate repetitions: different counts, which Welch's interval allows for/,
  );
  t.regex(r.stdout, /apiserver_rss_peak_bytes .* regressed\n/);
  t.regex(
    r.stdout,
    /reported, not gated \(--gate names the others\): apiserver_rss_peak_bytes \(catches ≥ \d+% at the noise here\), apiserver_rss_growth_bytes/,
  );
  const csvPath = /comparison: (\S+comparison\.csv)/.exec(r.stdout)![1]!;
  t.regex(
    await readFile(csvPath, 'utf8'),
    /\napiserver_rss_peak_bytes,[\d.]+,[\d.]+,[\d.]+,[\d.]+,[\d.]+,regressed,bytes,[\d.]+,[\d.]+,3,5,0\.05,false,,0\.\d+,\n/,
  );
});

test('ksb compare with one repetition a side: no ±, and inconclusive saying what is missing', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'ksb-cmp-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const run = await fakeRun(root, 'one', { legacy: { peaksMiB: [1000] }, streaming: { peaksMiB: [150] } });
  const r = await runKsb(['compare', run, '--out', join(root, 'cmp')]);
  t.is(r.code, 0, r.stderr);
  t.notRegex(r.stdout, /±/);
  t.regex(r.stdout, /streaming used \d+\.\d\d× less peak apiserver memory than legacy \(n=1 vs 1: no interval\)/);
  t.regex(
    r.stdout,
    /apiserver_rss_peak_bytes +1000\.0 MiB \(n=1\) +150\.0 MiB \(n=1\) +0\.150 \(n=1 vs 1\) +inconclusive \(gated\) — n=1 vs 1: no spread/,
  );
});
