// `ksb gather`: runner output of N segments (files, or kubectl logs --prefix with the pods' lines interleaved)
// becomes one run directory that compare and report read; missing, repeated or foreign segments are named.
import test from 'ava';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadRun } from '../../src/results/load-run.js';
import { runKsb } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const T0 = 1_764_590_000_000;
const engine = { name: 'ksb-runner', version: '0.1.0', go: 'go1.26.8', client_go: 'v0.36.1', platform: 'linux/amd64' };

/** One segment's output: a WatchList per informer, a LIST, an end line. */
function segment(i: number, n: number, informers: number[], o: { exit?: number; end?: boolean; workload?: string } = {}): string[] {
  const lines = [
    {
      type: 'start',
      schema: 1,
      engine,
      workload: o.workload ?? 'informer-storm',
      variant: 'streaming',
      client_mode: 'watchlist',
      segment: `${i}/${n}`,
      time_ms: T0 + i * 7,
    },
  ];
  const out: object[] = [...lines];
  for (const inf of informers) {
    out.push({
      type: 'obs',
      time_ms: T0 + 100 + inf,
      scenario: 'informers',
      op: 'watchlist',
      status: 200,
      duration_ms: 40 + inf,
      ttfb_ms: 3.5,
      bytes: 1000,
      objects: 10,
      informer: inf,
    });
    out.push({ type: 'synced', time_ms: T0 + 100 + inf, scenario: 'informers', duration_ms: 40 + inf, informer: inf });
  }
  out.push({
    type: 'obs',
    time_ms: T0 + 500,
    scenario: 'list_storm',
    op: 'list',
    status: i === 1 ? 0 : 200,
    duration_ms: 12.25,
    bytes: 5000,
    objects: 50,
    error: i === 1 ? 'connection reset' : '',
  });
  if (o.end !== false)
    out.push({
      type: 'end',
      exit_code: o.exit ?? 0,
      reason: o.exit ? '1 scenario(s) could not start' : '',
      time_ms: T0 + 5000 + i,
      elapsed_ms: 5000,
      churn: [],
      peak_rss_bytes: (40 + i) * 2 ** 20,
    });
  return out.map((l) => JSON.stringify(l));
}

test('gather: three segment files make one run directory that report and compare read', async (t) => {
  const dir = await tempDir(t, 'ksb-gather-');
  const files = [segment(0, 3, [0, 1]), segment(1, 3, [2, 3]), segment(2, 3, [4, 5])];
  for (const [i, lines] of files.entries()) await writeFile(join(dir, `seg${i}.jsonl`), `${lines.join('\n')}\n`);
  const out = join(dir, 'run');
  const r = await runKsb([
    'gather',
    join(dir, 'seg2.jsonl'),
    join(dir, 'seg0.jsonl'),
    join(dir, 'seg1.jsonl'),
    '--set',
    'informers=6',
    '-o',
    out,
  ]);
  t.is(r.code, 0, r.stderr);
  t.regex(
    r.stdout,
    /gathered 3 of 3 segment\(s\) of informer-storm \(streaming\): 9 requests, 1 errors, 6 informers synced .*\(complete\)/,
  );
  const run = await loadRun(out);
  t.is(run.manifest.status, 'complete');
  t.is(run.manifest.workload.params.informers, 6);
  t.is(run.requests.length, 9);
  t.is(run.requests.filter((q) => q.op === 'watchlist').length, 6);
  t.deepEqual(run.requests[0], {
    run_id: run.manifest.run_id,
    variant: 'streaming',
    rep: 1,
    t_ms: 100,
    scenario: 'informers',
    op: 'watchlist',
    status: 200,
    duration_ms: 40,
    ttfb_ms: 3.5,
    bytes: 1000,
    objects: 10,
    error: '',
  });
  t.is(run.figures[0]!.syncs, 6);
  t.is(run.figures[0]!.errors, 1);
  t.is(run.figures[0]!.clientRssPeakBytes, 42 * 2 ** 20, 'the largest pod');
  t.regex(run.manifest.clients[0]!.library, /client-go v0\.36\.1 in ksb-runner 0\.1\.0/);
  const summary = await readFile(join(out, 'summary.csv'), 'utf8');
  t.regex(summary, /streaming,time_to_synced_ms,6,/);
  const report = await runKsb(['report', out, '--out', join(dir, 'report')]);
  t.is(report.code, 0, report.stderr);
});

test('gather: kubectl logs --prefix output with the pods interleaved, stderr notes and a cut-short line', async (t) => {
  const dir = await tempDir(t, 'ksb-gather-');
  const pods = [segment(0, 2, [0]), segment(1, 2, [1])].map((lines, i) => lines.map((l) => `[pod/ksb-job-${i}-abcde/runner] ${l}`));
  const mixed = [
    pods[0]![0]!,
    pods[1]![0]!,
    '[pod/ksb-job-1-abcde/runner] ksb-runner: churn churn fell short: 40.0/s achieved of 50.0/s asked',
    ...pods[0]!.slice(1),
    '[pod/ksb-job-0-abcde/runner] {"type":"obs","time_',
    ...pods[1]!.slice(1),
  ];
  await writeFile(join(dir, 'logs.txt'), `${mixed.join('\n')}\n`);
  const out = join(dir, 'run');
  const r = await runKsb(['gather', join(dir, 'logs.txt'), '--set', 'informers=2', '-o', out]);
  t.is(r.code, 0, r.stderr);
  const run = await loadRun(out);
  t.is(run.requests.length, 4);
  t.true(run.manifest.warnings!.some((w) => /segment 1\/2: ksb-runner: churn churn fell short/.test(w)));
});

test('gather: job.json from ksb export k8s-job describes the run', async (t) => {
  const dir = await tempDir(t, 'ksb-gather-');
  const exp = await runKsb([
    'export',
    'k8s-job',
    'informer-storm',
    '--segments',
    '2',
    '--set',
    'informers=2',
    '--set',
    'objects=7',
    '-o',
    join(dir, 'job'),
  ]);
  t.is(exp.code, 0, exp.stderr);
  await writeFile(join(dir, 'all.jsonl'), `${[...segment(0, 2, [0]), ...segment(1, 2, [1])].join('\n')}\n`);
  const r = await runKsb(['gather', join(dir, 'all.jsonl'), '--job', join(dir, 'job'), '-o', join(dir, 'run')]);
  t.is(r.code, 0, r.stderr);
  const run = await loadRun(join(dir, 'run'));
  t.is(run.manifest.workload.params.objects, 7);
  t.is(run.manifest.seed.count, 7);
});

test('gather names what is wrong: missing, repeated and foreign segments, a killed runner, a bad --job', async (t) => {
  const dir = await tempDir(t, 'ksb-gather-');
  const write = async (name: string, lines: string[]) => {
    await writeFile(join(dir, name), `${lines.join('\n')}\n`);
    return join(dir, name);
  };
  const a = await write('a', segment(0, 3, [0]));
  const b = await write('b', segment(1, 3, [1]));
  const missing = await runKsb(['gather', a, b, '-o', join(dir, 'o1')]);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /segment 2\/3 missing \(found 2 of 3\); pass every pod's output, or --allow-missing/);
  const twice = await runKsb(['gather', a, a, b, '-o', join(dir, 'o2')]);
  t.regex(twice.stderr, /segment 0\/3 appears 2 times/);
  const other = await write('c', segment(2, 3, [2], { workload: 'list-storm' }));
  const foreign = await runKsb(['gather', a, b, other, '-o', join(dir, 'o3')]);
  t.regex(foreign.stderr, /workload list-storm, but .* has informer-storm: not segments of one run/);
  const killed = await write('d', segment(2, 3, [2], { end: false }));
  const partial = await runKsb(['gather', a, b, killed, '--set', 'informers=3', '-o', join(dir, 'o4')]);
  t.is(partial.code, 0, partial.stderr);
  t.regex(partial.stderr, /segment 2\/3 .* has no end line: the runner was killed/);
  t.is((await loadRun(join(dir, 'o4'))).manifest.status, 'incomplete');
  const allowed = await runKsb(['gather', a, b, '--allow-missing', '--set', 'informers=3', '-o', join(dir, 'o5')]);
  t.is(allowed.code, 0, allowed.stderr);
  const noStart = await write('e', segment(0, 1, [0]).slice(1));
  const headless = await runKsb(['gather', noStart, '-o', join(dir, 'o6')]);
  t.regex(headless.stderr, /e line 1: obs line before any start line/);
  const badJob = await runKsb(['gather', a, b, killed, '--job', dir, '-o', join(dir, 'o7')]);
  t.regex(badJob.stderr, /--job .*: no job\.json/);
  const nothing = await runKsb(['gather', join(dir, 'nope'), '-o', join(dir, 'o8')]);
  t.regex(nothing.stderr, /nope: cannot read \(ENOENT\)/);
});

test('gather --collect: the apiserver samples of ksb collect join the run on its clock, so memory figures appear', async (t) => {
  const dir = await tempDir(t, 'ksb-gather-');
  await writeFile(join(dir, 'all.jsonl'), `${[...segment(0, 2, [0]), ...segment(1, 2, [1])].join('\n')}\n`);
  const collect = join(dir, 'collect');
  await mkdir(collect);
  await writeFile(
    join(collect, 'run.json'),
    JSON.stringify({ run_id: 'c', kind: 'collect', started: new Date(T0 - 1000).toISOString(), ended: new Date(T0 + 6000).toISOString() }),
  );
  const mib = 2 ** 20;
  await writeFile(
    join(collect, 'samples.csv'),
    `run_id,variant,rep,t_ms,source,metric,value,labels\nc,collect,1,0,metrics,apiserver_rss_bytes,${100 * mib},\nc,collect,1,2500,metrics,apiserver_rss_bytes,${150 * mib},\nc,collect,1,4000,metrics,apiserver_rss_bytes,${130 * mib},\n`,
  );
  const r = await runKsb(['gather', join(dir, 'all.jsonl'), '--set', 'informers=2', '--collect', collect, '-o', join(dir, 'run')]);
  t.is(r.code, 0, r.stderr);
  const run = await loadRun(join(dir, 'run'));
  t.deepEqual(
    run.samples.filter((s) => s.metric === 'apiserver_rss_bytes').map((s) => [s.t_ms, s.variant]),
    [
      [-1000, 'streaming'],
      [1500, 'streaming'],
      [3000, 'streaming'],
    ],
  );
  t.is(run.figures[0]!.rssPeakBytes, 150 * mib);
  t.is(run.figures[0]!.rssGrowthBytes, 50 * mib);
  const bad = await runKsb([
    'gather',
    join(dir, 'all.jsonl'),
    '--set',
    'informers=2',
    '--collect',
    join(dir, 'run'),
    '-o',
    join(dir, 'run2'),
  ]);
  t.regex(bad.stderr, /--collect .*: not a ksb collect directory/);
});
