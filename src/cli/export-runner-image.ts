// `ksb export runner-image -o runner.oci.tar`: the static ksb-runner on an empty base with a CA bundle, as an
// OCI image archive, written by tools/oci-pack (go-containerregistry): no Docker, no registry.
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { InputError } from '../errors/input-error.js';
import { scriptPath } from '../tools/cache.js';

const run = promisify(execFile);
const DEBIAN_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** Builds one of tools/* into the cache (once per source version) and returns its path. */
async function buildTool(script: string, args: string[], what: string): Promise<string> {
  const path = scriptPath(script);
  if (!existsSync(path)) throw new InputError(`${what}: ${path} not found; pass the binary with its flag`);
  try {
    const { stdout } = await run('bash', [path, ...args], { maxBuffer: 1 << 20 });
    return stdout
      .trim()
      .split('\n')
      .at(-1)!
      .replace(/^\S+ (?=\/)/, '');
  } catch (e) {
    throw new Error(
      `${what}: building it failed: ${((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split('\n').slice(-5).join('\n')}`,
      { cause: e },
    );
  }
}

interface RunnerVersion {
  version: string;
  go: string;
  client_go: string;
}

/** `ksb-runner version --json`, or the `--version` line of an older build. */
async function runnerVersion(bin: string): Promise<RunnerVersion> {
  try {
    const { stdout } = await run(bin, ['version', '--json'], { timeout: 10_000 });
    const v = JSON.parse(stdout) as Partial<RunnerVersion>;
    if (v.version) return { version: v.version, go: v.go ?? 'unknown', client_go: v.client_go ?? 'unknown' };
  } catch {
    // fall through to --version
  }
  try {
    const { stdout } = await run(bin, ['--version'], { timeout: 10_000 });
    const m = /^ksb-runner (\S+)(?: \((go[\d.]+)(?:, client-go (\S+?))?\))?/.exec(stdout.trim());
    if (m) return { version: m[1]!, go: m[2] ?? 'unknown', client_go: m[3] ?? 'unknown' };
  } catch (e) {
    throw new InputError(`--runner ${bin}: does not run (${(e as Error).message.split('\n')[0]})`);
  }
  throw new InputError(`--runner ${bin}: not a ksb-runner (its --version does not start with "ksb-runner <version>")`);
}

export function addRunnerImageExport(exp: Command, version: string): void {
  exp
    .command('runner-image')
    .description('write the static ksb-runner on an empty base with a CA bundle as an OCI image archive (no Docker needed)')
    .requiredOption('-o, --out <file>', 'the archive to write, e.g. runner.oci.tar')
    .option('--runner <path>', 'a static ksb-runner binary (default: built from runner/ into the tool cache)')
    .option('--ca-bundle <path>', 'PEM bundle of CA certificates put in the image', DEBIAN_CA_BUNDLE)
    .option('--name <ref>', 'image reference recorded in the archive (default: ksb-runner:<runner version>)')
    .action(async (o: { out: string; runner?: string; caBundle: string; name?: string }) => {
      const out = resolve(o.out);
      if (!existsSync(dirname(out))) throw new InputError(`-o ${o.out}: directory ${dirname(out)} does not exist`);
      if (existsSync(out) && statSync(out).isDirectory())
        throw new InputError(`-o ${o.out}: is a directory; expected a file name like runner.oci.tar`);
      if (!existsSync(o.caBundle))
        throw new InputError(
          `--ca-bundle ${o.caBundle}: not found (Debian and Ubuntu have it with the ca-certificates package; or pass a PEM bundle)`,
        );
      if (o.runner && !existsSync(o.runner)) throw new InputError(`--runner ${o.runner}: not found`);
      const runner = o.runner ?? (await buildTool('build-runner.sh', [], '--runner (ksb-runner)'));
      const v = await runnerVersion(runner);
      const name = o.name ?? `ksb-runner:${v.version}`;
      const labels: Record<string, string> = {
        'org.opencontainers.image.title': 'ksb-runner',
        'org.opencontainers.image.description': 'kube-stream-bench load runner (client-go informers, LIST storms, churn)',
        'org.opencontainers.image.version': v.version,
        'org.opencontainers.image.licenses': 'Apache-2.0',
        'io.kube-stream-bench.version': version,
        'io.kube-stream-bench.go': v.go,
        'io.kube-stream-bench.client-go': v.client_go,
        'io.kube-stream-bench.dependency-policy': 'no AGPL, GPL, SSPL or BUSL code (scripts/check-licenses.mjs)',
      };
      const pack = await buildTool('build-go-tool.sh', ['oci-pack'], 'oci-pack');
      const args = [
        '-binary',
        runner,
        '-ca-bundle',
        o.caBundle,
        '-name',
        name,
        '-o',
        out,
        ...Object.entries(labels).flatMap(([k, val]) => ['-label', `${k}=${val}`]),
      ];
      try {
        const { stdout } = await run(pack, args, { maxBuffer: 1 << 20 });
        const [, , platform, digest] = stdout.trim().split(' ');
        const mib = (statSync(out).size / 2 ** 20).toFixed(1);
        process.stdout.write(
          `wrote ${o.out} (${mib} MiB): ${name}, ${platform}, ${digest}\n` +
            `load it with: kind load image-archive ${o.out} | skopeo copy oci-archive:${o.out} docker://<registry>/ksb-runner:${v.version} | crane push ${o.out} <registry>/ksb-runner:${v.version}\n`,
        );
      } catch (e) {
        const err = e as { code?: number; stderr?: string };
        const msg = (err.stderr ?? String(e)).trim();
        throw err.code === 2 ? new InputError(msg) : new Error(msg);
      }
    });
}
