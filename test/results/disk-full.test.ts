// A full disk or a read-only results directory while results are written: a clear error naming the file,
// earlier files intact, nothing half-written, nothing of the run left running. Uses a tiny tmpfs (needs root;
// reported as skipped, with the reason, where it cannot mount one).
import test, { type ExecutionContext } from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/files/atomic-write.js';
import { runKsb } from '../helpers/cli.js';

// Decided before the tests are declared (ava needs them synchronously): can this process mount a tmpfs? Without
// that (not root, or a container without CAP_SYS_ADMIN) the tests are reported as skipped, naming why.
function cannotMountTmpfs(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to mount a tmpfs';
  const dir = mkdtempSync(join(tmpdir(), 'ksb-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    const said = (e as { stderr?: Buffer }).stderr?.toString().trim() || (e as Error).message;
    return `cannot mount a tmpfs: ${said.split('\n')[0]!.replaceAll(dir, 'DIR')}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const noTmpfs = cannotMountTmpfs();
const tmpfsTest = (title: string, fn: (t: ExecutionContext) => Promise<void>) =>
  noTmpfs ? test.serial.skip(`${title} (skipped: ${noTmpfs})`, fn) : test.serial(title, fn);

/** A tmpfs of `size` mounted on a new directory, unmounted at teardown. */
async function tinyTmpfs(t: ExecutionContext, size: string, readOnly = false): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  t.teardown(async () => {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    await rm(dir, { recursive: true, force: true });
  });
  return dir;
}

const tmpFiles = async (dir: string) => (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.tmp'));

tmpfsTest('an atomic write to a full disk fails naming the file; the previous version stays and no temp file is left', async (t) => {
  const dir = await tinyTmpfs(t, '256k');
  const file = join(dir, 'samples.csv');
  await writeFileAtomic(file, 'v1\n');
  const e = await t.throwsAsync(writeFileAtomic(file, Buffer.alloc(1024 * 1024, 'x')));
  t.is(e?.message, `${file}: could not write (no space left on the device); the previous version of the file, if any, is intact`);
  t.is(await readFile(file, 'utf8'), 'v1\n');
  t.deepEqual(await tmpFiles(dir), []);
});

tmpfsTest('ksb run into a read-only results directory fails at once, naming the directory', async (t) => {
  const dir = await tinyTmpfs(t, '64k', true);
  const r = await runKsb(['run', 'informer-storm', '--out', dir, '--set', 'informers=1', '--set', 'objects=5']);
  t.not(r.code, 0);
  t.regex(r.stderr, new RegExp(`${dir}/\\S+: could not write \\(the file system is read-only\\)`));
  t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
});

tmpfsTest('ksb run whose results disk fills up mid-run: the error names the file, run.json stays valid, no temp file', async (t) => {
  const dir = await tinyTmpfs(t, '400k');
  // k6's JSON output of a few seconds of informers outgrows 400 KiB; the files ksb writes after that fail.
  await writeFile(join(dir, 'filler'), Buffer.alloc(340 * 1024));
  const r = await runKsb(
    ['run', 'informer-storm', '--out', dir, '--variant', 'streaming', '--set', 'informers=4', '--set', 'objects=50', '--set', 'duration=4s'],
    { timeoutMs: 120_000 },
  );
  t.not(r.code, 0, r.stderr.slice(-500));
  t.regex(r.stderr, /ksb: \S+: could not write \(no space left on the device\)/);
  const [runDir] = (await readdir(dir)).filter((f) => f !== 'filler');
  const manifest = JSON.parse(await readFile(join(dir, runDir!, 'run.json'), 'utf8')) as { run_id: string };
  t.is(manifest.run_id, runDir!);
  t.deepEqual(await tmpFiles(dir), []);
});
