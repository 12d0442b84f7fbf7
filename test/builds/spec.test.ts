import test from 'ava';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../../src/errors/input-error.js';
import { parseBuildList, parseBuildSpec } from '../../src/builds/spec.js';
import { tempDir } from '../helpers/tmp.js';

/** A refusal: InputError (exit 2), one line, naming where the value came from. */
function refused(t: import('ava').ExecutionContext, f: () => unknown, where: string, why: RegExp): void {
  const e = t.throws(f, { instanceOf: InputError });
  t.is(e?.exitCode, 2);
  t.false(e?.message.includes('\n'), `one line: ${e?.message}`);
  t.true(e?.message.startsWith(where), `names ${where}: ${e?.message}`);
  t.regex(e?.message ?? '', why);
}

test('a release: 1.33.13 or v1.34.10, 1.33 and newer', (t) => {
  t.deepEqual(parseBuildSpec('1.33.13', '--builds base'), { kind: 'release', text: '1.33.13', version: '1.33.13' });
  t.deepEqual(parseBuildSpec(' v1.34.10 ', '--builds base'), { kind: 'release', text: 'v1.34.10', version: '1.34.10' });
  refused(
    t,
    () => parseBuildSpec('1.32.9', '--builds base'),
    '--builds base',
    /release 1\.32\.9 is older than 1\.33, the oldest ksb supports/,
  );
  refused(t, () => parseBuildSpec('2.0.1', '--builds base'), '--builds base', /older than 1\.33/);
});

test('a path: an existing file is a binary, an existing directory a checkout, dir@ref a checkout at a ref', async (t) => {
  const dir = await tempDir(t, 'ksb-spec-');
  const bin = join(dir, 'kube-apiserver');
  await writeFile(bin, '');
  const k8s = join(dir, 'kubernetes');
  await mkdir(k8s);
  t.deepEqual(parseBuildSpec(bin, 'x'), { kind: 'binary', text: bin, path: bin });
  t.deepEqual(parseBuildSpec(k8s, 'x'), { kind: 'checkout', text: k8s, dir: k8s });
  t.deepEqual(parseBuildSpec(`${k8s}@HEAD~2`, 'x'), { kind: 'checkout', text: `${k8s}@HEAD~2`, dir: k8s, ref: 'HEAD~2' });
  t.deepEqual(parseBuildSpec(`${k8s}@v1.33.13^`, 'x'), { kind: 'checkout', text: `${k8s}@v1.33.13^`, dir: k8s, ref: 'v1.33.13^' });
  // A directory whose own name has an @ is that directory, not a ref.
  const at = join(dir, 'k8s@work');
  await mkdir(at);
  t.deepEqual(parseBuildSpec(at, 'x'), { kind: 'checkout', text: at, dir: at });
  // Relative paths become absolute (from the working directory).
  const rel = parseBuildSpec('.', 'x');
  t.deepEqual(rel, { kind: 'checkout', text: '.', dir: resolve('.') });
});

test('refusals: nothing, no such path, an empty or malformed ref', async (t) => {
  const dir = await tempDir(t, 'ksb-spec-');
  refused(
    t,
    () => parseBuildSpec('  ', '--kube-source'),
    '--kube-source',
    /expected a release like 1\.33\.13, a kube-apiserver binary, or a Kubernetes checkout dir\[@git-ref\], got nothing/,
  );
  refused(t, () => parseBuildSpec(join(dir, 'nope'), '--builds head'), '--builds head', /is none of these \(no such file or directory\)/);
  refused(t, () => parseBuildSpec(join(dir, 'nope@main'), '--builds head'), '--builds head', /no such file or directory/);
  refused(
    t,
    () => parseBuildSpec(`${dir}@`, '--builds head'),
    '--builds head',
    /expected a git ref \(branch, tag, commit, HEAD~2\) after "@"/,
  );
  refused(t, () => parseBuildSpec(`${dir}@a b`, '--builds head'), '--builds head', /expected a git ref/);
  refused(t, () => parseBuildSpec(`${dir}@main:go.mod`, '--builds head'), '--builds head', /expected a git ref/);
});

test('--builds: name=spec pairs, at least two, names of a-z 0-9 - given once', async (t) => {
  const dir = await tempDir(t, 'ksb-spec-');
  const list = parseBuildList(`base=1.33.13,head=${dir}@main,pr-2=1.34.10`);
  t.deepEqual(
    list.map((b) => [b.name, b.spec.kind]),
    [
      ['base', 'release'],
      ['head', 'checkout'],
      ['pr-2', 'release'],
    ],
  );
  refused(t, () => parseBuildList('base=1.33.13'), '--builds', /expected at least two builds to compare, like base=<spec>,head=<spec>/);
  refused(t, () => parseBuildList('base=1.33.13,base=1.34.10'), '--builds', /the name "base" is given twice/);
  refused(t, () => parseBuildList('Base=1.33.13,head=1.34.10'), '--builds', /expected name=<spec> pairs .* got "Base=1\.33\.13"/);
  refused(t, () => parseBuildList('1.33.13,1.34.10'), '--builds', /expected name=<spec> pairs/);
  refused(t, () => parseBuildList('base=1.33.13,head=/no/such/dir'), '--builds head', /no such file or directory/);
  refused(t, () => parseBuildList('base=1.30.0,head=1.33.13', '--compare-builds'), '--compare-builds base', /older than 1\.33/);
});
