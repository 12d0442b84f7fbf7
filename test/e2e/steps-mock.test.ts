// Step-wise arrival on the mock: informers arrive in steps, samples carry their step, the summary has a
// peak per step.
import test from 'ava';
import { runBenchmark } from '../../src/run/run.js';
import { mockTarget } from '../../src/targets/mock-target.js';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { readCsv, readManifest } from '../helpers/results.js';
import { tempDir } from '../helpers/tmp.js';
import { requiredEngine } from '../helpers/engine.js';

test('informer-storm with arrival=steps: informers arrive step by step and memory is reported per step', async (t) => {
  const engine = await requiredEngine();
  const out = await tempDir(t, 'ksb-steps-');
  const result = await runBenchmark({
    workload: BUILT_IN.find((w) => w.name === 'informer-storm')!,
    sets: [
      'informers=6',
      'objects=20',
      'objectSize=8KiB',
      'arrival=steps',
      'steps=3',
      'stepDuration=2s',
      'duration=2s',
      'churnPerSecond=0',
    ],
    variants: ['streaming'],
    reps: 1,
    outRoot: out,
    target: mockTarget,
    engine,
    version: 'test',
    log: () => {},
  });
  const manifest = await readManifest(result.dir);
  t.is(manifest.status, 'complete');
  t.deepEqual(
    manifest.steps.map((s: { step: number; informers: number }) => [s.step, s.informers]),
    [
      [1, 2],
      [2, 4],
      [3, 6],
      [4, 6],
    ],
  );
  const requests = (await readCsv(result.dir, 'requests.csv')).rows;
  const syncs = requests
    .filter((r) => r.op === 'watchlist' && !r.error)
    .map((r) => Number(r.t_ms))
    .sort((a, b) => a - b);
  t.is(syncs.length, 6, JSON.stringify(requests.filter((r) => r.error)));
  // Counted, not timed: two informers start their sync within each of the first three steps, none in the hold.
  const steps = manifest.steps as Array<{ step: number; startMs: number; endMs: number }>;
  t.deepEqual(
    steps.map((s) => syncs.filter((ms) => ms >= s.startMs && ms < s.endMs).length),
    [2, 2, 2, 0],
    `syncs at ${syncs.join(', ')} ms; steps ${JSON.stringify(steps)}`,
  );
  const samples = (await readCsv(result.dir, 'samples.csv')).rows.filter((s) => s.metric === 'apiserver_rss_bytes');
  for (const step of [1, 2, 3, 4])
    t.true(
      samples.some((s) => s.labels === `step="${step}"`),
      `samples of step ${step}`,
    );
  t.true(
    samples.some((s) => Number(s.t_ms) < 0 && s.labels === ''),
    'the baseline has no step',
  );
  const summary = (await readCsv(result.dir, 'summary.csv')).rows;
  t.deepEqual(
    summary.filter((r) => r.metric!.startsWith('apiserver_rss_peak_bytes_step_')).map((r) => r.metric),
    [
      'apiserver_rss_peak_bytes_step_1',
      'apiserver_rss_peak_bytes_step_2',
      'apiserver_rss_peak_bytes_step_3',
      'apiserver_rss_peak_bytes_step_4',
    ],
  );
});
