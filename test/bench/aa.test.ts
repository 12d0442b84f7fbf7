// bench:aa's split and compare logic on a synthetic run (the real A/A run needs k6 and the mock).
import test from 'ava';
import { analyseAA, formatAA, noiseTable } from '../../bench/aa-analyse.js';
import { completeReps, randomSplit, writeSubsetRun } from '../../bench/aa-split.js';
import { loadRun } from '../../src/results/load-run.js';
import { fakeRun } from '../helpers/fake-run.js';
import { tempDir } from '../helpers/tmp.js';

const LEGACY = [1000, 1100, 950, 1050, 1020, 980, 1150, 900];
const STREAMING = [150, 170, 140, 160, 155, 145, 165, 135];

async function synthetic(t: Parameters<typeof tempDir>[0]) {
  const root = await tempDir(t, 'ksb-aa-');
  return loadRun(await fakeRun(root, 'aa', { legacy: { peaksMiB: LEGACY }, streaming: { peaksMiB: STREAMING } }));
}

test('a split deals each variant its own disjoint sides of n, the same for the same seed', async (t) => {
  const run = await synthetic(t);
  const pool = completeReps(run);
  t.deepEqual(pool, { legacy: [1, 2, 3, 4, 5, 6, 7, 8], streaming: [1, 2, 3, 4, 5, 6, 7, 8] });
  const s = randomSplit(pool, 3, 1, 0);
  for (const v of ['legacy', 'streaming']) {
    t.is(s.a[v]!.length, 3);
    t.is(s.b[v]!.length, 3);
    t.is(new Set([...s.a[v]!, ...s.b[v]!]).size, 6, `${v}: sides disjoint`);
  }
  t.deepEqual(randomSplit(pool, 3, 1, 0), s);
  t.notDeepEqual(randomSplit(pool, 3, 1, 1), s);
  t.throws(() => randomSplit(pool, 5, 1, 0), { message: /legacy: 8 complete repetitions, and two sides of 5 need 10/ });
});

test('a side written as a run directory holds exactly the picked repetitions, renumbered', async (t) => {
  const run = await synthetic(t);
  const dir = await writeSubsetRun(run, { legacy: [7, 2], streaming: [4, 8] }, `${await tempDir(t, 'ksb-aa-side-')}/a`, 'side-a');
  const side = await loadRun(dir);
  t.is(side.manifest.run_id, 'side-a');
  const peaks = (v: string) => side.figures.filter((f) => f.variant === v).map((f) => [f.rep, f.rssPeakBytes / 2 ** 20]);
  t.deepEqual(peaks('legacy'), [
    [2, 1100],
    [1, 1150],
  ]);
  t.deepEqual(peaks('streaming'), [
    [1, 160],
    [2, 135],
  ]);
  t.true(side.samples.every((s) => s.run_id === 'side-a' && s.rep <= 2));
});

test('the A/A analysis compares every split per variant with compare and counts what it calls', async (t) => {
  const run = await synthetic(t);
  const r = await analyseAA(run, { n: 3, splits: 6, seed: 1, threshold: 0.05 });
  t.is(r.comparisons, 12, '6 splits × 2 variants');
  const total = (m: string) => Object.values(r.verdicts[m]!).reduce((a, x) => a + x, 0);
  t.is(total('apiserver_rss_peak_bytes'), 12);
  t.is(total('list_latency_p50_ms'), 6, 'LISTs only in legacy: one comparison per split');
  // The fake run's syncs are identical in every repetition: compare finds them exactly unchanged.
  t.is(r.verdicts.time_to_synced_p99_ms!.unchanged, 12);
  t.true(r.anyGatedChange >= r.gateFailures);
  t.deepEqual(await analyseAA(run, { n: 3, splits: 6, seed: 1, threshold: 0.05 }), r, 'seeded');
  const text = formatAA(r);
  t.regex(text, /^6 splits × 2 variants = 12 comparisons of 3 vs 3 repetitions:/);
  t.regex(text, /\napiserver_rss_peak_bytes +yes +\d+\/12 \(\d+\.\d%\)/);
  t.regex(
    text,
    /\noverall: a gated metric called improved or regressed in \d+\/12 \(\d+\.\d%\); --fail-on-regression would have failed \d+\/12/,
  );
  t.regex(noiseTable(run, 0.05), /\napiserver_rss_peak_bytes +legacy +8 +\d+\.\d% +\d+/);
});
