import { exitWithin, portIsOpen } from '../helpers/net.js';
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KSB, runKsb } from '../helpers/cli.js';
import { alive, descendants } from '../helpers/procs.js';
import { readCsv, readManifest } from '../helpers/results.js';
import { waitFor } from '../helpers/wait.js';

test('ksb run: bad --set, --variant and --target exit non-zero naming what is wrong', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['run', 'informer-storm', '--set', 'informers=-3'], /informers: expected an integer >= 1, got "-3"/],
    [['run', 'informer-storm', '--set', 'objectSize=huge'], /objectSize: expected a size like 256KiB/],
    [['run', 'informer-storm', '--set', 'nope=1'], /--set nope: informer-storm has no parameter "nope"/],
    [['run', 'informer-storm', '--variant', 'fast'], /--variant: unknown variant "fast"/],
    [['run', 'informer-storm', '--reps', '0'], /--reps.*expected a positive integer/],
    [['run', 'no-such-workload'], /workload "no-such-workload": not a built-in/],
  ];
  for (const [args, message] of cases) {
    const r = await runKsb(args, { timeoutMs: 30_000 });
    t.not(r.code, 0, args.join(' '));
    t.regex(r.stderr, message, args.join(' '));
  }
});

const interrupts: Array<[string, NodeJS.Signals[]]> = [
  ['Ctrl-C (SIGINT)', ['SIGINT']],
  ['SIGTERM', ['SIGTERM']],
  ['a second Ctrl-C during teardown', ['SIGINT', 'SIGINT']],
];

for (const [what, signals] of interrupts) {
  test.serial(
    `${what} during a run: exit 130, a valid directory marked incomplete, no process and no temp dir of the run left`,
    async (t) => {
      const out = await mkdtemp(join(tmpdir(), 'ksb-int-'));
      const tmp = await mkdtemp(join(tmpdir(), 'ksb-int-tmp-'));
      t.teardown(() => rm(out, { recursive: true, force: true }));
      t.teardown(() => rm(tmp, { recursive: true, force: true }));
      const args = ['run', 'informer-storm', '--variant', 'both', '--reps', '2', '--out', out];
      for (const set of ['informers=2', 'objects=20', 'objectSize=4KiB', 'duration=30s']) args.push('--set', set);
      const child = spawn(process.execPath, [KSB, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: tmp } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      t.teardown(() => void child.kill('SIGKILL'));
      // Interrupt once the legacy informers have listed: ksb-runner's first LIST observation is in its output file.
      await waitFor(() => engineListed(out), { timeoutMs: 120_000, what: "ksb-runner's first LIST", detail: () => stderr.slice(-1000) });
      const started = descendants(child.pid!);
      t.true(started.length >= 2, `the mock and ksb-runner run under ksb: ${started.join(', ')}`);
      child.kill(signals[0]);
      if (signals[1]) {
        // The second Ctrl-C comes once ksb has taken the first and is tearing down.
        await waitFor(() => stderr.includes('interrupted: stopping'), { timeoutMs: 60_000, what: 'ksb to take the first Ctrl-C' });
        child.kill(signals[1]);
      }
      const code = await exitWithin(child, 60_000);
      t.is(code, 130, stderr.slice(-2000));
      // The engine and the mock are killed as ksb exits; the kernel takes a moment to reap them.
      await waitFor(() => !started.some(alive), { timeoutMs: 10_000, what: 'the processes the run started to end' }).catch(() => {});
      t.deepEqual(started.filter(alive), [], 'nothing the run started is still running');
      t.deepEqual(await readdir(tmp), [], 'no temp dir left');
      const [runDir] = await readdir(out);
      const dir = join(out, runDir!);
      const manifest = await readManifest(dir);
      t.is(manifest.status, 'incomplete');
      if (signals.length > 1) return; // the second Ctrl-C quits at once: run.json is the one written before
      t.is(manifest.reason, 'interrupted');
      t.is(manifest.repetitions.length, 1, 'no further repetition starts after the interrupt');
      const samples = await readCsv(dir, 'samples.csv');
      t.true(samples.rows.some((s) => s.metric === 'apiserver_rss_bytes'));
      const requests = await readCsv(dir, 'requests.csv');
      t.true(
        requests.rows.some((r) => r.op === 'list'),
        'the legacy informers synced before the interrupt',
      );
      const port = manifest.repetitions[0].target.details.port;
      t.false(await portIsOpen(port), 'the mock target was stopped');
    },
  );
}

/** Whether the run under `out` has ksb-runner's first LIST observation of its first repetition in its output file. */
async function engineListed(out: string): Promise<boolean> {
  const [runDir] = await readdir(out);
  if (!runDir) return false;
  const lines = await readFile(join(out, runDir, 'runner', 'legacy-rep1.jsonl'), 'utf8').catch(() => '');
  return lines.includes('"op":"list"');
}
