// The engine boundary with a fake ksb-runner (a shell script): what it is started with, where its output goes, and
// why it failed; the CA it verifies the target with reaches it as a file that outlives it by nothing.
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { ksbRunner } from '../../src/run/engines/ksb-runner.js';
import type { RunningTarget } from '../../src/targets/target.js';
import { fakeRunningTarget } from '../helpers/target.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const target = (extra: Partial<RunningTarget>): RunningTarget =>
  fakeRunningTarget({ token: 'load-token', insecureSkipTLSVerify: false, ...extra });

/** A fake ksb-runner (`run --plan P --out O`): writes where its CA file is and what it holds to O, then exits `code`. */
async function fakeRunner(dir: string, code: number): Promise<string> {
  const bin = join(dir, 'fake-runner');
  await writeFile(
    bin,
    `#!/bin/sh\nprintf '%s\\n%s\\n%s\\n' "$KSB_CA_FILE" "$KSB_INSECURE_SKIP_TLS_VERIFY" "$(cat "$KSB_CA_FILE" 2>/dev/null)" > "$5"\necho "load generator limit reached: 9 of 10 informers"\nexit ${code}\n`,
  );
  await chmod(bin, 0o755);
  return bin;
}

test('ksb-runner is started with the target’s CA in KSB_CA_FILE, a file gone once it has ended', async (t) => {
  const dir = await tempDir(t);
  const engine = ksbRunner(await fakeRunner(dir, 0), undefined);
  const out = engine.outputOf(dir, 'streaming', 1);
  t.is(out, join(dir, 'runner', 'streaming-rep1.jsonl'));
  await engine.compile(dir, new Map());
  const run = await engine.start({
    compiled: 'plan.json',
    out,
    target: target({ caPem: 'THE-CA' }),
    runId: 'r',
    label: 'streaming 1/1',
    log: () => {},
  });
  t.is(await run.done, 0);
  const [caFile, insecure, pem] = (await readFile(out, 'utf8')).split('\n');
  t.is(insecure, 'false');
  t.is(pem, 'THE-CA');
  t.false(caFile!.startsWith(dir), 'not in the run directory');
  await waitFor(
    async () =>
      stat(caFile!).then(
        () => false,
        () => true,
      ),
    { timeoutMs: 5000, what: 'the CA file removed' },
  );
});

test('ksb-runner on a target that says insecure: no CA file, verification skipped as asked', async (t) => {
  const dir = await tempDir(t);
  const engine = ksbRunner(await fakeRunner(dir, 0), undefined);
  await engine.compile(dir, new Map());
  const out = engine.outputOf(dir, 'legacy', 1);
  const run = await engine.start({
    compiled: 'plan.json',
    out,
    target: target({ caPem: 'THE-CA', insecureSkipTLSVerify: true }),
    runId: 'r',
    label: 'legacy 1/1',
    log: () => {},
  });
  await run.done;
  t.deepEqual((await readFile(out, 'utf8')).split('\n').slice(0, 3), ['', 'true', '']);
});

test('why ksb-runner failed: its memory budget by its exit code, else how it ended', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'runner'));
  for (const [code, reason] of [
    [3, 'load generator limit reached: load generator limit reached: 9 of 10 informers'],
    [1, 'ksb-runner ended with exit code 1'],
  ] as const) {
    const engine = ksbRunner(await fakeRunner(dir, code), undefined);
    const run = await engine.start({
      compiled: 'plan.json',
      out: engine.outputOf(dir, 'legacy', 1),
      target: target({}),
      runId: 'r',
      label: 'legacy 1/1',
      log: () => {},
    });
    t.is(engine.failure(run, await run.done), reason);
  }
});
