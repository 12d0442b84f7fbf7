// End to end: ksb-runner against the real mock, both variants, read back from the files.
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUEST_COLUMNS, SAMPLE_COLUMNS, SUMMARY_COLUMNS } from '../../src/results/rows.js';
import { runBenchmark } from '../../src/run/run.js';
import { mockTarget } from '../../src/targets/mock-target.js';
import type { TargetProvider } from '../../src/targets/target.js';
import { requiredEngine } from '../helpers/engine.js';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { readCsv, readManifest } from '../helpers/results.js';

const informerStorm = BUILT_IN.find((w) => w.name === 'informer-storm')!;
const SMALL = ['informers=4', 'objects=50', 'objectSize=16KiB', 'duration=4s', 'churnPerSecond=5'];

const engine = requiredEngine;

test.serial('informer-storm, both variants on the mock: every column filled, a sync per informer, ratio from the samples', async (t) => {
  const out = await mkdtemp(join(tmpdir(), 'ksb-e2e-'));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const result = await runBenchmark({
    workload: informerStorm,
    sets: SMALL,
    variants: ['legacy', 'streaming'],
    reps: 1,
    outRoot: out,
    target: mockTarget,
    engine: await engine(),
    version: 'test',
    log: () => {},
  });

  const manifest = await readManifest(result.dir);
  t.is(manifest.status, 'complete');
  t.is(manifest.workload.params.informers, 4);
  t.deepEqual(
    manifest.repetitions.map((r: any) => [r.variant, r.status]),
    [
      ['legacy', 'complete'],
      ['streaming', 'complete'],
    ],
  );
  t.regex(manifest.repetitions[0].target.version.gitVersion, /mock/);
  t.false(manifest.repetitions[0].target.featureGates.WatchList);
  t.true(manifest.repetitions[1].target.featureGates.StreamingCollectionEncodingToJSON);

  const requests = await readCsv(result.dir, 'requests.csv');
  t.deepEqual(requests.header, [...REQUEST_COLUMNS]);
  for (const r of requests.rows) {
    for (const col of ['run_id', 'variant', 'rep', 't_ms', 'scenario', 'op', 'status', 'duration_ms'])
      t.not(r[col], '', `${col} in ${JSON.stringify(r)}`);
    t.is(r.error, '', JSON.stringify(r));
  }
  for (const [variant, op] of [
    ['legacy', 'list'],
    ['streaming', 'watchlist'],
  ] as const) {
    const syncs = requests.rows.filter((r) => r.variant === variant && r.op === op);
    t.is(syncs.length, 4, `one ${op} sync per informer for ${variant}`);
    for (const s of syncs) {
      for (const col of ['ttfb_ms', 'bytes', 'objects']) t.not(s[col], '', `${variant} ${op} ${col}`);
      t.is(s.objects, '50');
    }
    t.true(requests.rows.filter((r) => r.variant === variant && r.op === 'watch').length === 4, `${variant} watches`);
    t.true(
      requests.rows.some((r) => r.variant === variant && r.op === 'patch'),
      `${variant} churn`,
    );
  }

  const samples = await readCsv(result.dir, 'samples.csv');
  t.deepEqual(samples.header, [...SAMPLE_COLUMNS]);
  const growth: Record<string, number> = {};
  for (const variant of ['legacy', 'streaming']) {
    const rss = samples.rows.filter((s) => s.variant === variant && s.metric === 'apiserver_rss_bytes' && s.source === 'proc');
    const before = rss.filter((s) => Number(s.t_ms) < 0).map((s) => Number(s.value));
    const during = rss.filter((s) => Number(s.t_ms) >= 0).map((s) => Number(s.value));
    t.true(before.length >= 5 && during.length >= 20, `${variant}: ${before.length} baseline and ${during.length} load samples`);
    // Plain arithmetic here, so that the summary is checked against the samples, not against its own functions.
    growth[variant] = Math.max(...during) - before.reduce((a, x) => a + x, 0) / before.length;
    t.true(samples.rows.some((s) => s.variant === variant && s.metric === 'process_resident_memory_bytes'));
  }

  const summary = await readCsv(result.dir, 'summary.csv');
  t.deepEqual(summary.header, [...SUMMARY_COLUMNS]);
  for (const variant of ['legacy', 'streaming']) {
    const row = summary.rows.find((r) => r.variant === variant && r.metric === 'apiserver_rss_growth_bytes')!;
    t.true(Math.abs(Number(row.mean) - growth[variant]!) < 1, `${variant} growth ${row.mean} vs ${growth[variant]}`);
    t.is(summary.rows.find((r) => r.variant === variant && r.metric === 'time_to_synced_ms')!.n, '4');
  }
  // One repetition a side: the factor is legacy growth / streaming growth (or its inverse), with no interval and no ±.
  const printed = /streaming used ([\d.]+)× (less|more) apiserver memory growth than legacy \(n=1 vs 1: no interval\)/.exec(
    result.summaryText,
  );
  t.truthy(printed, result.summaryText);
  const legacyOverStreaming = growth.legacy! / growth.streaming!;
  t.is(printed![1], (printed![2] === 'less' ? legacyOverStreaming : 1 / legacyOverStreaming).toFixed(2));
  t.notRegex(result.summaryText, /±/, 'n=1: no spread is printed');
});

test.serial('a target that dies mid-run leaves a target-crashed directory with the samples up to the crash', async (t) => {
  const out = await mkdtemp(join(tmpdir(), 'ksb-e2e-'));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const crashing: TargetProvider = {
    ...mockTarget,
    async start(variant) {
      const target = await mockTarget.start(variant);
      // Killed once the load has run a while, as the OOM killer would.
      const pid = target.pids.apiserver!;
      setTimeout(() => process.kill(pid, 'SIGKILL'), 4000);
      return target;
    },
  };
  const result = await runBenchmark({
    workload: informerStorm,
    sets: ['informers=2', 'objects=20', 'objectSize=4KiB', 'duration=20s', 'churnPerSecond=0'],
    variants: ['streaming'],
    reps: 1,
    outRoot: out,
    target: crashing,
    engine: await engine(),
    version: 'test',
    log: () => {},
  });
  const manifest = await readManifest(result.dir);
  t.is(manifest.status, 'target-crashed');
  t.regex(manifest.reason, /streaming rep 1: mock apiserver exited \(SIGKILL\)/);
  const samples = await readCsv(result.dir, 'samples.csv');
  t.true(samples.rows.filter((s) => s.metric === 'apiserver_rss_bytes' && Number(s.t_ms) >= 0).length > 10);
  const requests = await readCsv(result.dir, 'requests.csv');
  t.is(requests.rows.filter((r) => r.op === 'watchlist' && !r.error).length, 2, 'the syncs before the crash are kept');
});
