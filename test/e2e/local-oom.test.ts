// The OOM itself as a result: kube-apiserver under --memory-limit is killed by the kernel, the run says so.
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchmark } from '../../src/run/run.js';
import { localTarget } from '../../src/targets/local/local-target.js';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { readCsv, readManifest } from '../helpers/results.js';
import { requiredEngine } from '../helpers/engine.js';

test('legacy informers over a 600 MiB cap: kube-apiserver is OOM-killed and the run is target-crashed with its samples', async (t) => {
  const engine = await requiredEngine();
  const out = await mkdtemp(join(tmpdir(), 'ksb-oom-'));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const result = await runBenchmark({
    workload: BUILT_IN.find((w) => w.name === 'informer-storm')!,
    sets: ['informers=16', 'objects=200', 'objectSize=256KiB', 'duration=20s', 'churnPerSecond=0'],
    variants: ['legacy'],
    reps: 1,
    outRoot: out,
    target: localTarget({ kubeVersion: '1.33.13', memoryLimit: 600 * 1024 * 1024, log: () => {} }),
    engine,
    version: 'test',
    log: () => {},
  });
  const manifest = await readManifest(result.dir);
  t.is(manifest.status, 'target-crashed');
  t.regex(manifest.reason, /kube-apiserver exited: signal SIGKILL \(OOM-killed: over --memory-limit\)/);
  t.is(manifest.repetitions[0].target.details.memory_limit_bytes, 600 * 1024 * 1024);
  const samples = await readCsv(result.dir, 'samples.csv');
  t.true(
    samples.rows.filter((s) => s.metric === 'apiserver_rss_bytes' && Number(s.t_ms) >= 0).length > 0,
    'samples up to the kill are kept',
  );
});
