// `ksb build <spec>`: resolves a build spec (a release, a kube-apiserver binary, a checkout dir[@ref]) to a binary,
// building it into the cache when needed, and prints its path and identity.
import { Command } from 'commander';
import type { BuildIdentity } from '../builds/binary.js';
import { resolveBuild } from '../builds/resolve.js';
import { parseBuildSpec } from '../builds/spec.js';

function humanLines(path: string, id: BuildIdentity): string {
  const rows: Array<[string, string | undefined]> = [
    ['kube-apiserver', path],
    ['spec', id.spec],
    ['kind', id.kind],
    ['version', id.version],
    ['release', id.releaseFromServer ? 'not stamped: read from the running server (/version)' : id.release],
    ['git commit', id.gitCommit],
    ['tree state', id.treeState],
    ['sha256', id.sha256],
    ['go', id.goVersion ?? 'unknown (no Go build info in the binary)'],
  ];
  return rows
    .filter((r): r is [string, string] => r[1] !== undefined)
    .map(([k, v]) => `${k.padEnd(15)}${v}`)
    .join('\n');
}

export function buildCommand(): Command {
  return new Command('build')
    .description(
      'build or check a kube-apiserver: a release, a binary, or a Kubernetes checkout dir[@git-ref]; prints its path and identity',
    )
    .argument('<spec>', 'a release like 1.33.13, a kube-apiserver binary, or a Kubernetes checkout dir[@git-ref]')
    .option('--json', 'print the path and identity as JSON', false)
    .action(async (text: string, o: { json: boolean }) => {
      const build = await resolveBuild(parseBuildSpec(text, 'build <spec>'), 'build <spec>', (l) => process.stderr.write(`${l}\n`));
      process.stdout.write(o.json ? `${JSON.stringify(build, null, 2)}\n` : `${humanLines(build.path, build.identity)}\n`);
    });
}
