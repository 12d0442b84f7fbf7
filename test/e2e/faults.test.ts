// The fault matrix (docs/faults.md): a dying etcd under kube-apiserver, and a load engine that is
// killed mid-run, each leave a result that says what happened, and nothing of the run keeps running.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { runBenchmark } from '../../src/run/run.js';
import { localTarget } from '../../src/targets/local/local-target.js';
import { mockTarget } from '../../src/targets/mock-target.js';
import type { TargetProvider } from '../../src/targets/target.js';
import { requiredEngine } from '../helpers/engine.js';
import { readCsv, readManifest } from '../helpers/results.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';
import { targetGet } from '../../src/targets/http-get.js';
import { parsePromText } from '../../src/targets/prom-text.js';
import type { RunningTarget } from '../../src/targets/target.js';

/** Resolves once the target's /metrics counts `n` open WATCHes of secrets (the informers', not kube-apiserver's own). */
const watchesHeld = (target: RunningTarget, n: number) =>
  waitFor(
    async () =>
      parsePromText((await targetGet(target, '/metrics')).body)
        .filter((s) => s.name === 'apiserver_longrunning_requests' && s.labels.verb === 'WATCH' && s.labels.resource === 'secrets')
        .reduce((sum, s) => sum + s.value, 0) >= n,
    { timeoutMs: 120_000, intervalMs: 200, what: `${n} watches open on the target` },
  );

const informerStorm = BUILT_IN.find((w) => w.name === 'informer-storm')!;

/** A pid that still runs (not gone, not a zombie waiting to be reaped). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The pids of ksb-runner processes running a plan under `dir`. */
async function enginePids(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('ksb-runner') && cmdline.includes(dir) && cmdline.split('\0')[1] === 'run') pids.push(Number(entry));
  }
  return pids;
}

test.serial(
  'etcd killed during the load: the repetition is target-crashed naming etcd and the signal; samples kept; nothing left',
  async (t) => {
    const out = await tempDir(t);
    const local = localTarget({ kubeVersion: '1.33.13', log: () => {} });
    const pids: number[] = [];
    const killingEtcd: TargetProvider = {
      ...local,
      async start(variant) {
        const target = await local.start(variant);
        pids.push(target.pids.apiserver!, target.pids.etcd!);
        // Seeding takes a moment; the kill lands once the informers hold their watches.
        const etcd = target.pids.etcd!;
        void watchesHeld(target, 2).then(() => process.kill(etcd, 'SIGKILL'));
        return target;
      },
    };
    const result = await runBenchmark({
      workload: informerStorm,
      sets: ['informers=2', 'objects=10', 'objectSize=2KiB', 'duration=30s', 'churnPerSecond=2'],
      variants: ['streaming'],
      reps: 1,
      outRoot: out,
      target: killingEtcd,
      engine: await requiredEngine(),
      version: 'test',
      log: () => {},
    });
    const manifest = await readManifest(result.dir);
    t.is(manifest.status, 'target-crashed', JSON.stringify(manifest.repetitions));
    t.regex(manifest.reason, /streaming rep 1: etcd exited: signal SIGKILL/);
    const samples = await readCsv(result.dir, 'samples.csv');
    t.true(samples.rows.filter((s) => s.metric === 'apiserver_rss_bytes' && Number(s.t_ms) >= 0).length > 0, 'samples up to the kill');
    // Stopped processes may take a moment to be reaped: wait for that (bounded) instead of a fixed 500 ms.
    await waitFor(() => pids.every((pid) => !running(pid)), { timeoutMs: 10_000, what: 'apiserver and etcd gone' }).catch(() => {});
    for (const pid of pids) t.false(running(pid), `pid ${pid} is gone`);
    t.deepEqual(await enginePids(out), [], 'no runner left');
  },
);

for (const keepGoing of [true, false]) {
  test.serial(
    `ksb-runner killed mid-run: the repetition is incomplete with the runner's end and last lines; ${keepGoing ? 'the next repetitions run' : '--no-keep-going stops the run'}`,
    async (t) => {
      const out = await tempDir(t);
      let starts = 0;
      const killingEngine: TargetProvider = {
        ...mockTarget,
        async start(variant) {
          const target = await mockTarget.start(variant);
          if (++starts === 1) {
            // Mid-run: once the informers hold their watches on the mock, not a fixed 1.5 s after the runner appears.
            void watchesHeld(target, 2).then(async () => {
              for (const pid of await enginePids(out)) process.kill(pid, 'SIGKILL');
            });
          }
          return target;
        },
      };
      const result = await runBenchmark({
        workload: informerStorm,
        sets: ['informers=2', 'objects=10', 'objectSize=2KiB', 'duration=3s', 'churnPerSecond=0'],
        variants: ['legacy', 'streaming'],
        reps: 1,
        outRoot: out,
        target: killingEngine,
        engine: await requiredEngine(),
        version: 'test',
        log: () => {},
        keepGoing,
      });
      const manifest = await readManifest(result.dir);
      t.is(manifest.status, 'incomplete');
      const [first, second] = manifest.repetitions;
      t.is(first.status, 'incomplete');
      t.is(first.reason, 'ksb-runner ended with signal SIGKILL');
      t.true(Array.isArray(first.engineLastLines));
      t.is(first.engineExitCode, 137);
      if (keepGoing) {
        t.is(second?.status, 'complete', JSON.stringify(manifest.repetitions));
        t.regex(manifest.reason, /^legacy rep 1: ksb-runner ended with signal SIGKILL$/);
        // The cut-off repetition is no result: the summary says how it ended and gives no measured ratio.
        t.regex(result.summaryText, /legacy: engine died \(ksb-runner ended with signal SIGKILL\)/);
        t.notRegex(result.summaryText, /× (less|more) .*\((95% CI|n=\d+ vs \d+)/);
      } else {
        t.is(manifest.repetitions.length, 1);
        t.regex(manifest.reason, /legacy rep 1: ksb-runner ended with signal SIGKILL; stopped there \(--no-keep-going\)/);
      }
      t.deepEqual(await enginePids(out), []);
    },
  );
}
