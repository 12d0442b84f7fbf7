// An OOM is the answer, not a ratio: every reader of a run whose target was OOM-killed (the run summary,
// summary.csv, compare, report, the exports) says how each side ended and gives at most a bound, marked ≤ or ≥.
import test from 'ava';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadRun } from '../../src/results/load-run.js';
import { summaryRows } from '../../src/results/summary.js';
import { formatRatios, formatVariantSummary } from '../../src/run/print-summary.js';
import { runKsb } from '../helpers/cli.js';
import { fakeRun } from '../helpers/fake-run.js';
import { tempDir } from '../helpers/tmp.js';

const LIMIT_MIB = 3072;
// Legacy reached 3000 MiB when the kernel killed it (baseline 100 MiB); streaming held at 2355 MiB (2.3 GiB).
const OUTCOME = 'legacy: OOM-killed at 3.0 GiB with 0 of 4 synced; streaming: held, peak 2.3 GiB';
// Growth 2255 / 2900 MiB and peak 2355 / 3000 MiB: streaming / legacy at most these.
const GROWTH_BOUND = 2255 / 2900;
const PEAK_BOUND = 2355 / 3000;

type Peaks = { legacy: number[]; streaming: number[]; legacyKilled?: number[]; streamingKilled?: number[] };

async function cutRun(t: Parameters<typeof tempDir>[0], p: Peaks = { legacy: [3000], streaming: [2355], legacyKilled: [1] }) {
  const root = await tempDir(t, 'ksb-oom-');
  const dir = await fakeRun(
    root,
    'run-oom',
    {
      legacy: { peaksMiB: p.legacy, oomKilledReps: p.legacyKilled },
      streaming: { peaksMiB: p.streaming, oomKilledReps: p.streamingKilled },
    },
    { memoryLimitMiB: LIMIT_MIB },
  );
  return { root, dir };
}

/** A measured ratio sentence ("… 1.29× less … (95% CI …)" or "(n=1 vs 1: no interval)"), which a cut run must not have. */
const MEASURED = /× (less|more) .*\((95% CI|n=\d+ vs \d+)/;

test('run summary and summary.csv: the outcome first, only bounds marked ≥, no figures of cut-off requests', async (t) => {
  const { dir } = await cutRun(t);
  const run = await loadRun(dir);
  const lines = formatRatios('legacy', 'streaming', run.figures);
  t.is(lines[0], OUTCOME);
  t.deepEqual(lines.slice(1), [
    `streaming used ≥ ${(1 / GROWTH_BOUND).toFixed(2)}× less apiserver memory growth than legacy (a bound, not a measurement: legacy's target was OOM-killed at 3.0 GiB in 1 of 1 repetition: its curve stops at the kill, so the ratio is a bound)`,
    `streaming used ≥ ${(1 / PEAK_BOUND).toFixed(2)}× less peak apiserver memory than legacy (a bound, not a measurement: legacy's target was OOM-killed at 3.0 GiB in 1 of 1 repetition: its curve stops at the kill, so the ratio is a bound)`,
  ]);
  for (const l of lines) t.notRegex(l, MEASURED);
  t.regex(formatVariantSummary('legacy', run.figures), /^ {2}Outcome: OOM-killed at 3\.0 GiB with 0 of 4 synced$/m);
  t.notRegex(formatVariantSummary('streaming', run.figures), /Outcome/);

  const rows = (v: string) => summaryRows('run-oom', v, run.figures, run.requests, run.informerScenarios);
  const metric = (v: string, m: string) => rows(v).find((r) => r.metric === m);
  t.like(metric('legacy', 'target_oom_killed'), { n: 1, mean: 1, unit: 'count' });
  t.like(metric('streaming', 'target_oom_killed'), { n: 1, mean: 0 });
  t.like(metric('legacy', 'informers_synced'), { mean: 0 });
  t.like(metric('streaming', 'informers_synced'), { mean: 4 });
  t.like(metric('legacy', 'apiserver_rss_peak_bytes'), { max: 3000 * 2 ** 20 }, 'the peak until the kill is kept');
  t.is(metric('legacy', 'time_to_synced_ms'), undefined, 'no sync of the killed repetition');
  t.is(metric('legacy', 'errors'), undefined, 'the requests the kill cut off are not errors of the workload');
});

test('a run where every target held has no outcome line and no OOM rows', async (t) => {
  const { dir } = await cutRun(t, { legacy: [1000], streaming: [200] });
  const run = await loadRun(dir);
  const lines = formatRatios('legacy', 'streaming', run.figures);
  t.regex(lines[0]!, /^streaming used 9\.\d\d× less apiserver memory growth than legacy \(n=1 vs 1: no interval\)$/);
  t.false(summaryRows('run-oom', 'legacy', run.figures, run.requests, run.informerScenarios).some((r) => r.metric.startsWith('target_')));
});

test('ksb compare: the outcome, a ≤ bound in the ratio column, improved only as a bound; comparison.csv marks it', async (t) => {
  const { root, dir } = await cutRun(t);
  const r = await runKsb(['compare', dir, '--out', join(root, 'cmp')]);
  t.is(r.code, 0, r.stderr);
  t.true(r.stdout.includes(`  ${OUTCOME}\n`), r.stdout);
  t.regex(r.stdout, /streaming used ≥ 1\.29× less apiserver memory growth than legacy \(a bound, not a measurement/);
  t.notRegex(r.stdout, MEASURED);
  const peakRow = r.stdout.split('\n').find((l) => l.startsWith('apiserver_rss_peak_bytes '))!;
  t.regex(peakRow, new RegExp(`≤ ${PEAK_BOUND.toFixed(3)} \\(bound\\)`));
  t.regex(peakRow, /improved \(gated\) — ratio ≤ 0\.785: legacy's target was OOM-killed/);
  t.false(r.stdout.split('\n').some((l) => l.startsWith('time_to_synced_p99_ms ')), 'no latency ratio against a side that never synced');
  const csvPath = /comparison: (\S+comparison\.csv)/.exec(r.stdout)![1]!;
  const csv = parse(await readFile(csvPath, 'utf8'), { columns: true }) as Array<Record<string, string>>;
  const peak = csv.find((x) => x.metric === 'apiserver_rss_peak_bytes')!;
  t.like(peak, { bound: 'at-most', ci_low: '', ci_high: '', verdict: 'improved', detectable_change: '' });
  t.true(Math.abs(Number(peak.ratio) - PEAK_BOUND) < 1e-6);
  const json = JSON.parse(await readFile(join(csvPath, '..', 'comparison.json'), 'utf8')) as { pairs: Array<{ outcome?: string }> };
  t.is(json.pairs[0]!.outcome, OUTCOME);
});

test('ksb compare: the candidate OOM-killed is a regression as a ≥ bound; both killed gives no ratio at all', async (t) => {
  const { root, dir } = await cutRun(t, { legacy: [2355], streaming: [3000], streamingKilled: [1] });
  const r = await runKsb(['compare', dir, '--fail-on-regression', '--out', join(root, 'cmp')]);
  t.is(r.code, 1, 'a gated metric regressed');
  t.regex(r.stdout, /legacy: held, peak 2\.3 GiB; streaming: OOM-killed at 3\.0 GiB with 0 of 4 synced/);
  t.regex(r.stdout, /streaming used ≥ 1\.27× more peak apiserver memory than legacy \(a bound, not a measurement/);
  t.regex(r.stdout.split('\n').find((l) => l.startsWith('apiserver_rss_peak_bytes '))!, /≥ 1\.274 \(bound\).*regressed \(gated\)/);

  const both = await cutRun(t, { legacy: [3000], streaming: [2900], legacyKilled: [1], streamingKilled: [1] });
  const b = await runKsb(['compare', both.dir, '--fail-on-regression', '--out', join(both.root, 'cmp')]);
  t.is(b.code, 0, b.stderr);
  t.regex(b.stdout, /legacy: OOM-killed at 3\.0 GiB with 0 of 4 synced; streaming: OOM-killed at 3\.0 GiB with 0 of 4 synced/);
  t.notRegex(b.stdout, /× (less|more)/, 'no ratio sentence, not even a bound');
  const peakRow = b.stdout.split('\n').find((l) => l.startsWith('apiserver_rss_peak_bytes '))!;
  t.regex(peakRow, /— \(both cut\).*inconclusive.*both curves stop at a kill, so no ratio/);
});

test('ksb compare with several repetitions: only the killed one is cut, and the bound uses every repetition', async (t) => {
  const { root, dir } = await cutRun(t, { legacy: [3000, 2800, 2900], streaming: [400, 410, 420], legacyKilled: [1] });
  const r = await runKsb(['compare', dir, '--out', join(root, 'cmp')]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /legacy: OOM-killed at 3\.0 GiB in 1 of 3 repetitions with 0 of 4 synced; held in 2, peak 2\.8 GiB \(mean\); streaming: held in all 3 repetitions, peak 410\.0 MiB \(mean\)/);
  t.regex(r.stdout, /streaming used ≥ \d+\.\d\d× less peak apiserver memory than legacy \(a bound/);
  // Latencies come from the repetitions that held: 2 legacy against 3 streaming.
  t.regex(r.stdout.split('\n').find((l) => l.startsWith('time_to_synced_p99_ms '))!, /\[[\d.]+, [\d.]+\]/);
});

test('ksb report: the outcome above the table, bounds in the table and the sentences, in report.md and report.html', async (t) => {
  const { root, dir } = await cutRun(t);
  const out = join(root, 'report');
  const r = await runKsb(['report', dir, '--out', out]);
  t.is(r.code, 0, r.stderr);
  const md = await readFile(join(out, 'report.md'), 'utf8');
  t.true(md.includes(`**Outcome:** ${OUTCOME}`), md);
  t.true(md.indexOf('**Outcome:**') < md.indexOf('| metric |'), 'the outcome before the table');
  t.regex(md, /\| apiserver_rss_peak_bytes 🔒 \| .* \| ≤ 0\.785 \(bound\) \|/);
  t.regex(md, /^- streaming used ≥ 1\.27× less peak apiserver memory than legacy \(a bound, not a measurement/m);
  t.notRegex(md, MEASURED);
  t.regex(md, /its peaks and counters are lower bounds/);
  const html = await readFile(join(out, 'report.html'), 'utf8');
  t.true(html.includes('legacy: OOM-killed at 3.0 GiB with 0 of 4 synced'));
  t.regex(html, /≤ 0\.785 \(bound\)/);
});

test('ksb report of one variant that was OOM-killed: the outcome above its figures', async (t) => {
  const root = await tempDir(t, 'ksb-oom-');
  const dir = await fakeRun(root, 'legacy-only', { legacy: { peaksMiB: [3000], oomKilledReps: [1] } }, { memoryLimitMiB: LIMIT_MIB });
  const r = await runKsb(['report', dir, '--out', join(root, 'report')]);
  t.is(r.code, 0, r.stderr);
  const md = await readFile(join(root, 'report', 'report.md'), 'utf8');
  t.true(md.includes('**Outcome:** legacy: OOM-killed at 3.0 GiB with 0 of 4 synced'), md);
});

async function exported(args: string[]): Promise<unknown> {
  const r = await runKsb(['export', 'results', ...args]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
}

test('exports of a run: memory of the killed side as a lower bound, the outcome named, target_oom_killed counted', async (t) => {
  const { dir } = await cutRun(t);
  const gab = (await exported([dir, '--format', 'github-action-benchmark'])) as Array<Record<string, string | number>>;
  const rec = (name: string) => gab.find((g) => String(g.name).startsWith('informer-storm/') && String(g.name).endsWith(name));
  const legacyPeak = gab.find((g) => /\/legacy .* apiserver_rss_peak_bytes$/.test(String(g.name)))!;
  t.is(legacyPeak.value, 3000 * 2 ** 20);
  t.regex(String(legacyPeak.range), /^≥ \(a lower bound/);
  t.true(String(legacyPeak.extra).includes('outcome: legacy: OOM-killed at 3.0 GiB with 0 of 4 synced'));
  t.truthy(rec('target_oom_killed'));
  t.deepEqual(
    gab.filter((g) => String(g.name).endsWith(' target_oom_killed')).map((g) => [String(g.name).split(' ')[0], g.value]),
    [
      ['informer-storm/legacy', 1],
      ['informer-storm/streaming', 0],
    ],
  );
  t.false(gab.some((g) => /\/legacy .* time_to_synced/.test(String(g.name))), 'no latency of the killed repetition');
  const streamingPeak = gab.find((g) => /\/streaming .* apiserver_rss_peak_bytes$/.test(String(g.name)))!;
  t.is(streamingPeak.range, undefined, 'the side that held is measured (n=1: no interval)');

  const bmf = (await exported([dir, '--format', 'bmf'])) as Record<string, Record<string, Record<string, number>>>;
  const legacy = Object.entries(bmf).find(([k]) => k.startsWith('informer-storm/legacy'))![1];
  t.deepEqual(legacy.apiserver_rss_peak_bytes, { value: 3000 * 2 ** 20, lower_value: 3000 * 2 ** 20 }, 'at least this, no upper bound');
  t.deepEqual(legacy.target_oom_killed, { value: 1 });

  const perf = (await exported([dir, '--format', 'perfdash'])) as { dataItems: Array<{ labels: Record<string, string> }> };
  const legacyItems = perf.dataItems.filter((d) => d.labels.Variant === 'legacy');
  t.true(legacyItems.every((d) => d.labels.Outcome === 'legacy: OOM-killed at 3.0 GiB with 0 of 4 synced'));
  t.is(legacyItems.find((d) => d.labels.Metric === 'apiserver_rss_peak_bytes')!.labels.Bound, 'lower: includes a curve cut off by the kill');
  t.truthy(legacyItems.find((d) => d.labels.Metric === 'target_oom_killed'));
  t.false(perf.dataItems.some((d) => d.labels.Variant === 'streaming' && 'Outcome' in d.labels));
});

test('exports of a comparison: the bound as a one-sided range, never a measured interval; no record where both were cut', async (t) => {
  const { root, dir } = await cutRun(t);
  const cmpRoot = join(root, 'cmp');
  t.is((await runKsb(['compare', dir, '--out', cmpRoot])).code, 0);
  const cmp = join(cmpRoot, (await readdir(cmpRoot))[0]!);
  const gab = (await exported([cmp, '--format', 'github-action-benchmark'])) as Array<Record<string, string | number>>;
  const peak = gab.find((g) => String(g.name).endsWith(' apiserver_rss_peak_bytes'))!;
  t.true(Math.abs(Number(peak.value) - PEAK_BOUND) < 1e-9);
  t.regex(String(peak.range), /^≤ 0\.785\d* \(a bound, not a measurement\)$/);
  t.true(String(peak.extra).includes(`outcome: ${OUTCOME}`));
  const bmf = (await exported([cmp, '--format', 'bmf'])) as Record<string, Record<string, Record<string, number>>>;
  const measures = Object.values(bmf)[0]!;
  t.deepEqual(Object.keys(measures.apiserver_rss_peak_bytes!).sort(), ['upper_value', 'value']);
  t.false('time_to_synced_p99_ms' in measures);

  const both = await cutRun(t, { legacy: [3000], streaming: [2900], legacyKilled: [1], streamingKilled: [1] });
  const bothCmp = join(both.root, 'cmp');
  t.is((await runKsb(['compare', both.dir, '--out', bothCmp])).code, 0);
  const g2 = (await exported([join(bothCmp, (await readdir(bothCmp))[0]!), '--format', 'github-action-benchmark'])) as Array<
    Record<string, string>
  >;
  t.false(g2.some((g) => g.name!.endsWith(' apiserver_rss_peak_bytes')), 'both cut: nothing to export as a ratio');
});
