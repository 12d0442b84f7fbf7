// The kube-apiserver a local target runs, and the etcd beside it: a release built from Go modules (--kube-version),
// or a build the user brought (--kube-apiserver, --kube-source, each side of --builds) with the release its gates,
// emulation and defaults follow: the one its --version reports, or for a binary that reports none (a plain
// `go build`), the one the running server reports in /version.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { ResolvedBuild } from '../../builds/binary.js';
import { InputError } from '../../errors/input-error.js';
import type { BuildRecord } from '../target.js';
import { DEFAULT_KUBE_VERSION, type KubeVersion } from '../versions.js';
import { ensureEtcd, ensureKubeBinaries, type KubeBinaries } from './binaries.js';
import { probeVersion, servedRelease } from './probe.js';

export interface LocalBuild {
  /** its name in --builds (base, head); absent for a run's one build */
  name?: string;
  /** the release the gates, emulation and defaults follow */
  version: KubeVersion;
  binaries(log: (line: string) => void): Promise<KubeBinaries>;
  /** a build the user brought: who it is (absent for --kube-version) */
  record?: BuildRecord;
}

/** --kube-version: the release and its etcd, built from modules the first time a repetition starts. */
export function releaseBuild(version: KubeVersion): LocalBuild {
  let built: Promise<KubeBinaries> | undefined;
  return { version, binaries: (log) => (built ??= ensureKubeBinaries(version, log)) };
}

/** --etcd <path>: checked and asked its version. */
async function userEtcd(path: string): Promise<{ etcd: string; etcdVersion: string }> {
  const refuse = (why: string) => new InputError(`--etcd ${path}: ${why}`);
  const st = await stat(path).catch(() => undefined);
  if (!st?.isFile()) throw refuse('no such file; expected an etcd binary');
  await access(path, constants.X_OK).catch(() => {
    throw refuse('not executable (chmod +x it)');
  });
  const out = await promisify(execFile)(path, ['--version'], { timeout: 30_000 }).then(
    (r) => r.stdout,
    () => '',
  );
  const v = /etcd Version: (\S+)/.exec(out)?.[1];
  if (!v) throw refuse('not an etcd: its --version printed no "etcd Version: …"');
  return { etcd: path, etcdVersion: `v${v}` };
}

/** The etcd the release pins; a release the module proxy does not serve (an unreleased minor) takes the default's. */
async function pinnedEtcd(release: string | undefined, log: (line: string) => void): Promise<{ etcd: string; etcdVersion: string }> {
  if (release !== undefined)
    try {
      return await ensureEtcd(release, log);
    } catch (e) {
      log(`local target: no etcd pinned by Kubernetes ${release} (${(e as Error).message}); using the one ${DEFAULT_KUBE_VERSION} pins`);
    }
  return ensureEtcd(DEFAULT_KUBE_VERSION, log);
}

/** "kube-apiserver v1.33.13-2+f9ed250… (~/k@HEAD, commit f9ed250…, go1.24.4, sha256 88b3c7d0…) with etcd v3.5.21" */
function describeBuild(r: BuildRecord): string {
  const facts = [
    r.spec,
    ...(r.gitCommit ? [`commit ${r.gitCommit.slice(0, 12)}${r.treeState === 'dirty' ? ' dirty' : ''}`] : []),
    ...(r.goVersion ? [r.goVersion] : []),
    `sha256 ${r.sha256.slice(0, 12)}`,
  ];
  return `kube-apiserver ${r.version} (${facts.join(', ')}), gates and emulation as ${r.followed_release}, with etcd ${r.etcd}`;
}

function versionOf(release: string): KubeVersion {
  return { full: release, minor: Number(release.split('.')[1]) };
}

/**
 * A build the user brought, ready to run: with the etcd given (--etcd) or the one its release pins (the default
 * release's for a binary that reports none); a binary that reports no release is started once to read it.
 */
export async function userBuild(b: ResolvedBuild, o: { name?: string; etcd?: string; log: (line: string) => void }): Promise<LocalBuild> {
  const { identity } = b;
  const etcd = o.etcd ? await userEtcd(o.etcd) : await pinnedEtcd(identity.release, o.log);
  let release = identity.release;
  if (release === undefined) {
    const served = servedRelease(await probeVersion(b.path, etcd.etcd, o.log));
    if (typeof served === 'string') throw new Error(`kube-apiserver ${b.path} reports ${identity.version} and ${served}`);
    release = `${served.major}.${served.minor}`;
    o.log(
      `local target: ${b.path} reports ${identity.version}; the running server says it is release ${release} (/version emulationMajor/Minor), which its gates and emulation follow`,
    );
  }
  const record: BuildRecord = {
    ...identity,
    path: b.path,
    followed_release: release,
    release_source: identity.release === undefined ? 'server' : 'binary',
    etcd: etcd.etcdVersion,
  };
  o.log(`local target: ${o.name ? `build ${o.name}: ` : ''}${describeBuild(record)}`);
  const binaries = { kubeApiserver: b.path, ...etcd };
  return { name: o.name, version: versionOf(release), binaries: () => Promise.resolve(binaries), record };
}
