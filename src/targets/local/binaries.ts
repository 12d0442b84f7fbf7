// kube-apiserver and etcd binaries, built from Go modules by scripts/build-kube.sh into the cache.
import { runScript, ScriptFailed } from '../../builds/script.js';
import { goRequired } from '../../tools/runner.js';
import type { KubeVersion } from '../versions.js';

export interface KubeBinaries {
  kubeApiserver: string;
  etcd: string;
  etcdVersion: string;
}

async function buildKube(args: string[], what: string, log: (line: string) => void): Promise<string> {
  try {
    return await runScript('build-kube.sh', args, log);
  } catch (e) {
    if (!(e instanceof ScriptFailed)) throw e;
    throw new Error(
      e.code === 3
        ? `the local target needs the Go toolchain to build kube-apiserver and etcd: install Go >= ${goRequired()}`
        : `building ${what} failed (exit ${e.code}); see the lines above`,
      { cause: e },
    );
  }
}

function etcdOf(out: string): { etcd: string; etcdVersion: string } {
  const etcd = /^etcd (\S+)$/m.exec(out)?.[1];
  if (!etcd) throw new Error(`scripts/build-kube.sh printed no etcd path: ${out}`);
  return { etcd, etcdVersion: /etcd-(v[\d.]+)$/.exec(etcd)?.[1] ?? 'unknown' };
}

/** Builds what is missing (cached by version), streaming the script's progress to `log`. */
export async function ensureKubeBinaries(version: KubeVersion, log: (line: string) => void): Promise<KubeBinaries> {
  const out = await buildKube([version.full], `kube-apiserver ${version.full} / etcd`, log);
  const api = /^kube-apiserver (\S+)$/m.exec(out)?.[1];
  if (!api) throw new Error(`scripts/build-kube.sh printed no kube-apiserver path: ${out}`);
  return { kubeApiserver: api, ...etcdOf(out) };
}

/** The etcd a release pins (never below 3.5.13), for a kube-apiserver that was not built from that release's modules. */
export async function ensureEtcd(release: string, log: (line: string) => void): Promise<{ etcd: string; etcdVersion: string }> {
  return etcdOf(await buildKube(['--etcd-only', release], `the etcd Kubernetes ${release} pins`, log));
}
