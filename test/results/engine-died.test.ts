// A repetition whose engine died is not a result: its curves stop where the load did, so no reader of the run (the
// run summary, summary.csv, compare, report, the exports) gives a measured ratio from it; at most a bound.
import test from 'ava';
import { appendFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadRun } from '../../src/results/load-run.js';
import { summaryRows } from '../../src/results/summary.js';
import { formatRatios, formatVariantSummary } from '../../src/run/print-summary.js';
import { runKsb } from '../helpers/cli.js';
import { fakeRun } from '../helpers/fake-run.js';
import { tempDir } from '../helpers/tmp.js';

/** A measured ratio sentence ("… 2.38× more … (95% CI …)" or "(n=1 vs 1: no interval)"). */
const MEASURED = /× (less|more) .*\((95% CI|n=\d+ vs \d+)/;

/** ksb-runner SIGKILLed in every repetition of both variants, after legacy grew 2.38× as much as streaming. */
async function killedRun(t: Parameters<typeof tempDir>[0], streamingKilled = [1, 2]) {
  const root = await tempDir(t, 'ksb-engine-died-');
  const dir = await fakeRun(root, 'run-killed', {
    legacy: { peaksMiB: [338, 340], engineKilledReps: [1, 2] },
    streaming: { peaksMiB: [200, 201], engineKilledReps: streamingKilled },
  });
  return { root, dir };
}

test('run summary and summary.csv: engines killed on both sides give no ratio, and say how each side ended', async (t) => {
  const { dir } = await killedRun(t);
  const run = await loadRun(dir);
  const lines = formatRatios('legacy', 'streaming', run.figures);
  t.deepEqual(lines, [
    'legacy: engine died (ksb-runner ended with signal SIGKILL) in 2 of 2 repetitions with 2 of 4, 2 of 4 synced; streaming: engine died (ksb-runner ended with signal SIGKILL) in 2 of 2 repetitions with 2 of 4, 2 of 4 synced',
  ]);
  t.regex(formatVariantSummary('legacy', run.figures), /^ {2}Outcome: engine died/m);
  const metric = (v: string, m: string) =>
    summaryRows('run-killed', v, run.figures, run.requests, run.informerScenarios).find((r) => r.metric === m);
  t.like(metric('legacy', 'engine_died'), { n: 2, mean: 1 });
  t.like(metric('legacy', 'target_crashed'), { n: 2, mean: 0 }, 'the target held');
  t.is(metric('legacy', 'time_to_synced_ms'), undefined, 'no sync of a cut-off repetition');
});

test('one side cut: a bound, labelled, never a measured ratio', async (t) => {
  const { dir } = await killedRun(t, []);
  const lines = formatRatios('legacy', 'streaming', (await loadRun(dir)).figures);
  t.regex(lines.join('\n'), /streaming used ≥ [\d.]+× less apiserver memory growth than legacy \(a bound, not a measurement: legacy's engine died in 2 of 2 repetitions/);
  for (const l of lines) t.notRegex(l, MEASURED);
});

test('ksb compare, report and exports of a run whose engines were killed: no measured ratio anywhere', async (t) => {
  const { root, dir } = await killedRun(t);
  const cmp = await runKsb(['compare', dir, '--out', join(root, 'cmp')]);
  t.is(cmp.code, 0, cmp.stderr);
  t.regex(cmp.stdout, /legacy: engine died/);
  t.notRegex(cmp.stdout, MEASURED);
  const rep = await runKsb(['report', dir, '--out', join(root, 'report')]);
  t.is(rep.code, 0, rep.stderr);
  t.notRegex(await readFile(join(root, 'report', 'report.md'), 'utf8'), MEASURED);
  const cmpDir = join(root, 'cmp', (await readdir(join(root, 'cmp')))[0]!);
  const exp = await runKsb(['export', 'results', cmpDir, '--format', 'github-action-benchmark']);
  t.is(exp.code, 0, exp.stderr);
  const records = JSON.parse(exp.stdout) as Array<{ name: string }>;
  t.false(
    records.some((g) => g.name.endsWith(' apiserver_rss_growth_bytes') || g.name.endsWith(' apiserver_rss_peak_bytes')),
    'both cut: no ratio to export',
  );
});

test('samples.csv of a run written before the client_* names (k6_*, source k6) still gives the client figures', async (t) => {
  const root = await tempDir(t, 'ksb-old-names-');
  const dir = await fakeRun(root, 'run-old', { legacy: { peaksMiB: [300] }, streaming: { peaksMiB: [200] } });
  const rows = ['legacy', 'streaming'].flatMap((v) => [
    `run-old,${v},1,-100,proc,k6_cpu_seconds,1,`,
    `run-old,${v},1,900,proc,k6_cpu_seconds,3.5,`,
    `run-old,${v},1,900,proc,k6_rss_bytes,1000000,`,
    `run-old,${v},1,900,k6,k6_vus,4,`,
  ]);
  await appendFile(join(dir, 'samples.csv'), `${rows.join('\n')}\n`);
  const run = await loadRun(dir);
  t.like(run.figures.find((f) => f.variant === 'legacy'), { clientCpuSeconds: 2.5, clientRssPeakBytes: 1e6 });
  t.deepEqual(
    run.samples.filter((s) => s.metric === 'client_vus').map((s) => s.source),
    ['engine', 'engine'],
  );
  t.false(run.samples.some((s) => s.metric.startsWith('k6_')));
});
