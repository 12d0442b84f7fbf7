// kube-apiserver and etcd binaries, built from Go modules by scripts/build-kube.sh into the cache.
import { spawn } from 'node:child_process';
import { scriptPath } from '../../tools/cache.js';
import { goRequired } from '../../tools/runner.js';
import type { KubeVersion } from '../versions.js';

export interface KubeBinaries {
  kubeApiserver: string;
  etcd: string;
  etcdVersion: string;
}

/** Builds what is missing (cached by version), streaming the script's progress to `log`. */
export function ensureKubeBinaries(version: KubeVersion, log: (line: string) => void): Promise<KubeBinaries> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [scriptPath('build-kube.sh'), version.full], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d: Buffer) =>
      d
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach((l) => log(l)),
    );
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(
          new Error(
            code === 3
              ? `the local target needs the Go toolchain to build kube-apiserver and etcd: install Go >= ${goRequired()}`
              : `building kube-apiserver ${version.full} / etcd failed (exit ${code}); see the lines above`,
          ),
        );
        return;
      }
      const api = /^kube-apiserver (\S+)$/m.exec(out)?.[1];
      const etcd = /^etcd (\S+)$/m.exec(out)?.[1];
      if (!api || !etcd) return reject(new Error(`scripts/build-kube.sh printed no binary paths: ${out}`));
      resolve({ kubeApiserver: api, etcd, etcdVersion: /etcd-(v[\d.]+)$/.exec(etcd)?.[1] ?? 'unknown' });
    });
  });
}
