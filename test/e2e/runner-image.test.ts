// `ksb export runner-image`: the OCI image archive passes skopeo (Debian's), and the binary in its layer runs
// `--version`; the image runs as non-root with the runner as entrypoint and a CA bundle.
import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runKsb } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);

async function has(cmd: string): Promise<boolean> {
  return run(cmd, ['--version']).then(
    () => true,
    () => false,
  );
}

// Decided before any test is declared, so a missing skopeo is a reported skip, never a pass.
const skopeo = await has('skopeo');

(skopeo ? test : test.skip)(
  `ksb export runner-image: skopeo inspects the archive, its layer holds a ksb-runner that runs${skopeo ? '' : ' (skipped: skopeo is not installed; apt-get install skopeo)'}`,
  async (t) => {
    const dir = await tempDir(t, 'ksb-image-');
    const archive = join(dir, 'runner.oci.tar');
    const r = await runKsb(['export', 'runner-image', '-o', archive], { timeoutMs: 900_000 });
    t.is(r.code, 0, r.stderr);
    t.regex(r.stdout, /wrote .*runner\.oci\.tar \([\d.]+ MiB\): ksb-runner:\S+, linux\/(amd64|arm64), sha256:[0-9a-f]{64}/);

    const inspect = JSON.parse((await run('skopeo', ['inspect', `oci-archive:${archive}`])).stdout);
    t.is(inspect.Os, 'linux');
    t.is(inspect.Layers.length, 1, 'one layer on an empty base');
    t.is(inspect.Labels['org.opencontainers.image.title'], 'ksb-runner');
    t.is(inspect.Labels['org.opencontainers.image.licenses'], 'Apache-2.0');
    t.regex(inspect.Labels['io.kube-stream-bench.client-go'], /^v0\.\d+\.\d+/);
    const config = JSON.parse((await run('skopeo', ['inspect', '--config', `oci-archive:${archive}`])).stdout);
    t.deepEqual(config.config.Entrypoint, ['/usr/local/bin/ksb-runner']);
    t.is(config.config.User, '65532:65532');

    // The layer, unpacked with tar alone: the runner runs, the CA bundle is there.
    const layout = join(dir, 'layout');
    await mkdir(layout);
    await run('tar', ['-xf', archive, '-C', layout]);
    const index = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8'));
    const blob = (digest: string) => join(layout, 'blobs', ...(digest.split(':') as [string, string]));
    const manifest = JSON.parse(await readFile(blob(index.manifests[0].digest), 'utf8'));
    const rootfs = join(dir, 'rootfs');
    await mkdir(rootfs);
    await run('tar', ['-xzf', blob(manifest.layers[0].digest), '-C', rootfs]);
    t.true(existsSync(join(rootfs, 'etc/ssl/certs/ca-certificates.crt')));
    const version = (await run(join(rootfs, 'usr/local/bin/ksb-runner'), ['--version'])).stdout;
    t.regex(version, /^ksb-runner \S+ \(go[\d.]+, client-go v0\.\d+\.\d+\)/);
    t.is(inspect.Labels['org.opencontainers.image.version'], /^ksb-runner (\S+)/.exec(version)![1]);
  },
);

test('ksb export runner-image refuses a dynamically linked or foreign binary and a missing CA bundle', async (t) => {
  const dir = await tempDir(t, 'ksb-image-');
  const out = join(dir, 'x.tar');
  const ls = await runKsb(['export', 'runner-image', '--runner', '/bin/ls', '-o', out]);
  t.is(ls.code, 2);
  t.regex(ls.stderr, /--runner \/bin\/ls: not a ksb-runner/);
  const ca = await runKsb(['export', 'runner-image', '--runner', '/bin/ls', '--ca-bundle', join(dir, 'none.pem'), '-o', out]);
  t.regex(ca.stderr, /--ca-bundle .*none\.pem: not found/);
  t.false(existsSync(out));
});
