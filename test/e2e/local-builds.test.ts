// --kube-apiserver on the local target with a binary that reports no release (a plain `go build` prints
// v0.0.0-master+$Format:%H$; here a wrapper around the 1.33.13 release build that answers --version so): the release
// is read from the probe start's /version, said in the run, and recorded in run.json with the binary's identity.
import test from 'ava';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureKubeBinaries } from '../../src/targets/local/binaries.js';
import { runKsb } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

test('a binary without a release runs as the release its server reports, recorded in run.json', async (t) => {
  t.timeout(15 * 60_000);
  const dir = await tempDir(t, 'ksb-local-builds-');
  const release = await ensureKubeBinaries({ full: '1.33.13', minor: 33 }, () => {});
  const binary = join(dir, 'kube-apiserver');
  await writeFile(
    binary,
    `#!/bin/sh\nif [ "$1" = --version ]; then echo 'Kubernetes v0.0.0-master+$Format:%H$'; exit 0; fi\nexec ${release.kubeApiserver} "$@"\n`,
  );
  await chmod(binary, 0o755);
  const sets = ['--set', 'objects=20', '--set', 'clients=1', '--set', 'repeats=1'];
  const r = await runKsb([
    'run',
    'large-list',
    '--target',
    'local',
    '--kube-apiserver',
    binary,
    '--variant',
    'streaming',
    ...sets,
    '--out',
    dir,
  ]);
  t.is(r.code, 0, r.stderr);
  t.regex(
    r.stderr,
    /reports v0\.0\.0-master\+\$Format:%H\$; the running server says it is release 1\.33 \(\/version emulationMajor\/Minor\)/,
  );
  const runDir = /^results: (\S+)/m.exec(r.stdout)![1]!;
  const manifest = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')) as {
    builds: Record<string, Record<string, unknown>>;
    repetitions: Array<{ target: { details: { build?: unknown; apiserver_binary: string } } }>;
  };
  t.like(manifest.builds.build, {
    kind: 'binary',
    path: binary,
    version: 'v0.0.0-master+$Format:%H$',
    releaseFromServer: true,
    followed_release: '1.33',
    release_source: 'server',
  });
  t.regex(String(manifest.builds.build!.sha256), /^[0-9a-f]{64}$/);
  t.is(manifest.repetitions[0]!.target.details.apiserver_binary, binary);
  t.deepEqual(manifest.repetitions[0]!.target.details.build, manifest.builds.build);
});
