// The Indexed-Job path end to end on the mock: ksb export k8s-job writes the plan, three ksb-runner processes run
// its complementary segments (as the Job's pods would), ksb gather reads their output in kubectl logs --prefix
// form, and the run directory has the totals of one undivided run; compare and report read both.
import test from 'ava';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadRun } from '../../src/results/load-run.js';
import { runKsb } from '../helpers/cli.js';
import { requiredEngine } from '../helpers/engine.js';
import { createNamespace, raw } from '../helpers/raw.js';
import { startMock } from '../helpers/target.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);
const SETS = ['informers=6', 'objects=5', 'objectSize=1KiB', 'resource=configmaps', 'namespace=seg', 'duration=2s', 'churnPerSecond=2'];

test('three runner segments gathered from kubectl-logs-style output equal one undivided run', async (t) => {
  const engine = await requiredEngine();
  const dir = await tempDir(t, 'ksb-gather-e2e-');
  const mock = await startMock({ featureGates: 'WatchList=true' });
  t.teardown(() => mock.close());
  await createNamespace(mock, 'seg');
  for (let i = 0; i < 5; i++)
    await raw(mock, 'POST', '/api/v1/namespaces/seg/configmaps', {
      body: { metadata: { name: `ksb-${String(i).padStart(6, '0')}` }, data: { k: 'v' } },
    });
  const exp = await runKsb([
    'export',
    'k8s-job',
    'informer-storm',
    '--segments',
    '3',
    ...SETS.flatMap((s) => ['--set', s]),
    '-o',
    join(dir, 'job'),
  ]);
  t.is(exp.code, 0, exp.stderr);
  const plan = join(dir, 'job', 'plan.json');
  const env = { ...process.env, KSB_TARGET_URL: mock.url };
  const runner = (args: string[]) => run(engine.path, ['run', '--plan', plan, '--out', '-', ...args], { env, maxBuffer: 64 << 20 });

  const whole = (await runner([])).stdout;
  await writeFile(join(dir, 'whole.jsonl'), whole);
  // The pods' output as `kubectl logs -l job-name=… --prefix` gives it: every line prefixed, pods one after another.
  const parts = await Promise.all(['0/3', '1/3', '2/3'].map((seg) => runner(['--segment', seg])));
  const logs = parts.flatMap((p, i) =>
    `${p.stdout}${p.stderr}`
      .split('\n')
      .filter(Boolean)
      .map((l) => `[pod/ksb-informer-storm-streaming-${i}-x7k2p/runner] ${l}`),
  );
  await writeFile(join(dir, 'job.log'), `${logs.join('\n')}\n`);

  const g1 = await runKsb(['gather', join(dir, 'whole.jsonl'), ...SETS.flatMap((s) => ['--set', s]), '-o', join(dir, 'run-whole')]);
  t.is(g1.code, 0, g1.stderr);
  const g3 = await runKsb(['gather', join(dir, 'job.log'), '--job', join(dir, 'job'), '-o', join(dir, 'run-split')]);
  t.is(g3.code, 0, g3.stderr);
  t.regex(g3.stdout, /gathered 3 of 3 segment\(s\) of informer-storm \(streaming\): .* 0 errors, 6 informers synced .*\(complete\)/);

  const [a, b] = await Promise.all([loadRun(join(dir, 'run-whole')), loadRun(join(dir, 'run-split'))]);
  const count = (r: typeof a, op: string) => r.requests.filter((q) => q.op === op && !q.error).length;
  t.log(
    `whole: ${a.requests.length} requests (${count(a, 'watchlist')} watchlist, ${count(a, 'patch')} patch); split: ${b.requests.length} (${count(b, 'watchlist')}, ${count(b, 'patch')})`,
  );
  t.is(b.manifest.status, 'complete');
  t.is(b.manifest.engine?.name, 'ksb-runner');
  t.is(count(b, 'watchlist'), 6, 'every informer synced once, across the three pods');
  t.is(count(b, 'watchlist'), count(a, 'watchlist'));
  t.is(count(b, 'patch'), count(a, 'patch'));
  t.is(b.figures[0]!.syncs, a.figures[0]!.syncs);
  t.is(b.figures[0]!.errors, 0);
  t.is(b.samples.filter((s) => s.metric === 'client_rss_bytes').length, 3, "each pod's peak RSS");
  const summary = await readFile(join(dir, 'run-split', 'summary.csv'), 'utf8');
  t.regex(summary, /,streaming,time_to_synced_ms,6,/);

  const cmp = await runKsb(['compare', join(dir, 'run-whole'), join(dir, 'run-split'), '--out', join(dir, 'cmp')]);
  t.not(cmp.code, 2, cmp.stderr);
  const report = await runKsb(['report', join(dir, 'run-split'), '--out', join(dir, 'report')]);
  t.is(report.code, 0, report.stderr);
});
