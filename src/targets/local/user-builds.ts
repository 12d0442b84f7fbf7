// The local target's builds from the flags: --kube-apiserver <path> or --kube-source <dir>[@ref] (one build, with
// --etcd optionally), or --builds base=<spec>,head=<spec> (one per name). Resolved (built, checked, identified)
// before the run starts; conflicting flags are refused naming them.
import { resolve } from 'node:path';
import { resolveBuild } from '../../builds/resolve.js';
import { parseBuildSpec, type BuildSpec, type NamedBuildSpec } from '../../builds/spec.js';
import { InputError } from '../../errors/input-error.js';
import { userBuild, type LocalBuild } from './local-build.js';

export interface BuildFlags {
  kubeVersion?: string;
  kubeApiserver?: string;
  kubeSource?: string;
  etcd?: string;
  /** --builds, parsed */
  builds?: NamedBuildSpec[];
}

/** The flags that bring a build, as given: refused on a target other than local. */
export function buildFlagsGiven(f: BuildFlags): string[] {
  return [
    ...(f.kubeApiserver !== undefined ? ['--kube-apiserver'] : []),
    ...(f.kubeSource !== undefined ? ['--kube-source'] : []),
    ...(f.builds !== undefined ? ['--builds'] : []),
    ...(f.etcd !== undefined ? ['--etcd'] : []),
  ];
}

/** The one build --kube-apiserver or --kube-source names, or none; conflicts refused. */
function singleSpec(f: BuildFlags): { spec: BuildSpec; flag: string } | undefined {
  const given = buildFlagsGiven(f).filter((x) => x !== '--etcd');
  if (given.length > 1) throw new InputError(`${given.join(' and ')}: give one of them (--builds names every build of the run)`);
  if (given.length && f.kubeVersion !== undefined)
    throw new InputError(`${given[0]} and --kube-version: the build given is what runs; drop --kube-version`);
  if (f.kubeApiserver !== undefined) {
    const path = resolve(f.kubeApiserver);
    return { spec: { kind: 'binary', text: f.kubeApiserver, path }, flag: '--kube-apiserver' };
  }
  if (f.kubeSource !== undefined) {
    const spec = parseBuildSpec(f.kubeSource, '--kube-source');
    if (spec.kind !== 'checkout')
      throw new InputError(`--kube-source: expected a Kubernetes checkout dir[@git-ref], got "${f.kubeSource}" (a ${spec.kind})`);
    return { spec, flag: '--kube-source' };
  }
  if (f.etcd !== undefined) throw new InputError('--etcd: applies with --kube-apiserver, --kube-source or --builds');
  return undefined;
}

/** The builds the flags name, built and identified; none when the run uses --kube-version's release. */
export async function userBuilds(f: BuildFlags, log: (line: string) => void): Promise<LocalBuild[] | undefined> {
  const one = singleSpec(f);
  if (one) return [await userBuild(await resolveBuild(one.spec, one.flag, log), { etcd: f.etcd, log })];
  if (!f.builds) return undefined;
  const out: LocalBuild[] = [];
  // One after the other: two checkout builds at once would share two cores and the Go build cache.
  for (const b of f.builds)
    out.push(await userBuild(await resolveBuild(b.spec, `--builds ${b.name}`, log), { name: b.name, etcd: f.etcd, log }));
  return out;
}
