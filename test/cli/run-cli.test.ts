import { exitWithin, portIsOpen } from '../helpers/net.js';
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KSB, runKsb } from '../helpers/cli.js';
import { readCsv, readManifest } from '../helpers/results.js';

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

test('Ctrl-C during a run stops k6 and the target and leaves a valid directory marked incomplete', async (t) => {
  const out = await mkdtemp(join(tmpdir(), 'ksb-int-'));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const child = spawn(
    process.execPath,
    [
      KSB,
      'run',
      'informer-storm',
      '--variant',
      'both',
      '--reps',
      '2',
      '--out',
      out,
      '--set',
      'informers=2',
      '--set',
      'objects=20',
      '--set',
      'objectSize=4KiB',
      '--set',
      'duration=30s',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  const sawK6 = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`seeding never finished within 60 s: ${stderr.slice(-1000)}`)), 60_000);
    child.stderr.on('data', (d) => {
      stderr += d;
      if (/seeding: 20\/20/.test(stderr)) {
        clearTimeout(timer);
        setTimeout(resolve, 3000);
      }
    });
  });
  t.teardown(() => void child.kill('SIGKILL'));
  await sawK6;
  child.kill('SIGINT');
  const code = await exitWithin(child, 60_000);
  t.is(code, 130, stderr.slice(-2000));
  const [runDir] = await readdir(out);
  const dir = join(out, runDir!);
  const manifest = await readManifest(dir);
  t.is(manifest.status, 'incomplete');
  t.is(manifest.reason, 'interrupted');
  t.is(manifest.repetitions.length, 1, 'no further repetition starts after Ctrl-C');
  const samples = await readCsv(dir, 'samples.csv');
  t.true(samples.rows.some((s) => s.metric === 'apiserver_rss_bytes'));
  const requests = await readCsv(dir, 'requests.csv');
  t.true(
    requests.rows.some((r) => r.op === 'list'),
    'the legacy informers synced before the interrupt',
  );
  const port = manifest.repetitions[0].target.details.port;
  t.false(await portIsOpen(port), 'the mock target was stopped');
});
