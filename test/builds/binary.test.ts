// A binary's checks and identity, with shell scripts standing in for kube-apiserver (no Go needed): the Go build
// info the identity reads is appended to a script at a 16-byte aligned offset, where Go's linker puts it.
import test from 'ava';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspectBinary, releaseOf } from '../../src/builds/binary.js';
import { BUILDINFO_MAGIC, MagicFinder, parseBuildInfo } from '../../src/builds/buildinfo.js';
import { InputError } from '../../src/errors/input-error.js';
import { tempDir } from '../helpers/tmp.js';

const FRAME = Buffer.alloc(16, 0xaa);

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

/** Go 1.18+'s build info blob: the 32-byte header, then the Go version and the framed module info, length-prefixed. */
function buildInfoBlob(goVersion: string, modinfo: string): Buffer {
  const header = Buffer.alloc(32);
  BUILDINFO_MAGIC.copy(header);
  header[14] = 8;
  header[15] = 0x2;
  const mod = Buffer.concat([FRAME, Buffer.from(modinfo), FRAME]);
  return Buffer.concat([header, varint(goVersion.length), Buffer.from(goVersion), varint(mod.length), mod]);
}

const MODINFO = [
  'path\tk8s.io/kubernetes/cmd/kube-apiserver',
  'mod\tk8s.io/kubernetes\t(devel)\t',
  'build\t-trimpath=true',
  'build\tCGO_ENABLED=0',
  'build\tvcs=git',
  'build\tvcs.revision=0123456789abcdef0123456789abcdef01234567',
  'build\tvcs.modified=true',
  '',
].join('\n');

/** An executable script that prints `out` for --version, optionally carrying Go build info after its exit. */
async function fakeBinary(dir: string, name: string, out: string, blob?: Buffer): Promise<string> {
  const path = join(dir, name);
  let script = Buffer.from(`#!/bin/sh\nprintf '%s\\n' '${out}'\nexit 0\n`);
  if (blob) {
    const pad = (16 - ((script.length + 1) % 16)) % 16;
    script = Buffer.concat([script, Buffer.from(`${'#'.repeat(pad)}\n`), blob]);
  }
  await writeFile(path, script);
  await chmod(path, 0o755);
  return path;
}

const origin = { spec: 'x', kind: 'binary' as const };

async function refusal(t: import('ava').ExecutionContext, path: string, why: RegExp): Promise<void> {
  const e = await t.throwsAsync(inspectBinary(path, '--kube-apiserver', origin), { instanceOf: InputError });
  t.is(e?.exitCode, 2);
  t.false(e?.message.includes('\n'));
  t.true(e?.message.startsWith(`--kube-apiserver ${path}: `), e?.message);
  t.regex(e?.message ?? '', why);
}

test('refusals name the flag: no such file, a directory, not executable, not a kube-apiserver, older than 1.33', async (t) => {
  const dir = await tempDir(t, 'ksb-bin-');
  await refusal(t, join(dir, 'missing'), /: no such file$/);
  await mkdir(join(dir, 'a-dir'));
  await refusal(t, join(dir, 'a-dir'), /not a file; expected a kube-apiserver binary/);
  const plain = join(dir, 'not-executable');
  await writeFile(plain, '#!/bin/sh\necho Kubernetes v1.33.13\n');
  await refusal(t, plain, /not executable \(chmod \+x it\)/);
  await refusal(
    t,
    await fakeBinary(dir, 'etcd', 'etcd Version: 3.5.21'),
    /not a kube-apiserver: `.*etcd --version` printed "etcd Version: 3\.5\.21", expected "Kubernetes v…"/,
  );
  const failing = join(dir, 'failing');
  await writeFile(failing, '#!/bin/sh\necho "unknown flag: --version" >&2\nexit 1\n');
  await chmod(failing, 0o755);
  await refusal(t, failing, /not a kube-apiserver: .* printed "unknown flag: --version"/);
  await refusal(
    t,
    await fakeBinary(dir, 'old', 'Kubernetes v1.32.4'),
    /kube-apiserver v1\.32\.4 is older than 1\.33, the oldest release ksb supports/,
  );
});

test('a release binary: its version, release, sha256; no Go build info in a script', async (t) => {
  const dir = await tempDir(t, 'ksb-bin-');
  const path = await fakeBinary(dir, 'kube-apiserver', 'Kubernetes v1.33.13');
  const b = await inspectBinary(path, '--kube-apiserver', { spec: path, kind: 'binary' });
  t.deepEqual(b, {
    path,
    identity: {
      spec: path,
      kind: 'binary',
      version: 'v1.33.13',
      release: '1.33.13',
      releaseFromServer: false,
      gitCommit: undefined,
      treeState: undefined,
      sha256: createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
      goVersion: undefined,
    },
  });
});

test("a developer's plain go build (v0.0.0-master): accepted, its release read from the server; Go version and commit from its build info", async (t) => {
  const dir = await tempDir(t, 'ksb-bin-');
  const path = await fakeBinary(dir, 'kube-apiserver', 'Kubernetes v0.0.0-master+$Format:%H$', buildInfoBlob('go1.24.4', MODINFO));
  const { identity } = await inspectBinary(path, '--kube-apiserver', origin);
  t.is(identity.version, 'v0.0.0-master+$Format:%H$');
  t.true(identity.releaseFromServer);
  t.is(identity.release, undefined);
  t.is(identity.goVersion, 'go1.24.4');
  t.is(identity.gitCommit, '0123456789abcdef0123456789abcdef01234567');
  t.is(identity.treeState, 'dirty');
  // What the caller knows (a checkout build's commit) wins over the binary's vcs stamp.
  const known = await inspectBinary(path, '--kube-apiserver', { spec: 'k', kind: 'checkout', gitCommit: 'feed', treeState: 'clean' });
  t.is(known.identity.gitCommit, 'feed');
  t.is(known.identity.treeState, 'clean');
});

test('releaseOf: the release a version belongs to', (t) => {
  t.deepEqual(releaseOf('v1.33.13'), { release: '1.33.13', minor: 33 });
  t.deepEqual(releaseOf('v1.33.13-2+f9ed250abcdef0-dirty'), { release: '1.33.13', minor: 33 });
  t.deepEqual(releaseOf('v1.34.0-alpha.1.5+abcdefabcdef12'), { release: '1.34.0', minor: 34 });
  t.is(releaseOf('v0.0.0-master+$Format:%H$'), undefined);
});

test('build info: parsed from the header and strings; the magic found across chunk boundaries, only 16-byte aligned', (t) => {
  const blob = buildInfoBlob('go1.26.8', MODINFO);
  t.deepEqual(parseBuildInfo(blob), {
    goVersion: 'go1.26.8',
    settings: {
      '-trimpath': 'true',
      CGO_ENABLED: '0',
      vcs: 'git',
      'vcs.revision': '0123456789abcdef0123456789abcdef01234567',
      'vcs.modified': 'true',
    },
  });
  const old = Buffer.from(blob);
  old[15] = 0; // before Go 1.18: pointers, not inline strings
  t.is(parseBuildInfo(old), undefined);
  t.is(parseBuildInfo(blob.subarray(0, 20)), undefined);

  // An unaligned copy of the magic (as a string in rodata would be) is skipped; the aligned one at 48 is found,
  // split over three chunks.
  const file = Buffer.concat([Buffer.alloc(3), BUILDINFO_MAGIC, Buffer.alloc(48 - 3 - BUILDINFO_MAGIC.length), blob]);
  const finder = new MagicFinder();
  for (const [from, to] of [
    [0, 50],
    [50, 55],
    [55, file.length],
  ])
    finder.push(file.subarray(from, to));
  t.is(finder.offset, 48);
  const none = new MagicFinder();
  none.push(Buffer.concat([Buffer.alloc(5), BUILDINFO_MAGIC]));
  t.is(none.offset, undefined);
});
