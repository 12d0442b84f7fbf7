// A local target with several kube-apiservers on one etcd behind a loopback load balancer, as an HA control plane
// runs: each apiserver with its own port, certificate directory and (with --memory-limit) its own memory cgroup, kept
// running as kubelet keeps a static pod. Clients reach them through the balancer; the sampler reads each directly.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ApiserverEvent } from '../apiserver-events.js';
import type { Connection, LoadIdentity, RunningTarget, TargetInfo } from '../target.js';
import { startApiserver, type Apiserver } from './apiserver.js';
import type { LocalCredentials } from './credentials.js';
import type { LocalEtcd } from './etcd.js';
import { startLoadBalancer, type LoadBalancer } from './load-balancer.js';
import { createMemoryCgroup, type MemoryCgroup } from './memory-limit.js';
import { ApiserverSupervisor } from './supervisor.js';
import type { Teardown } from './teardown.js';

export interface ReplicaSpec {
  count: number;
  binary: string;
  /** "kube-apiserver 1.33.13" */
  name: string;
  dir: string;
  etcd: LocalEtcd;
  credentials: LocalCredentials;
  gates: Record<string, boolean>;
  emulatedVersion?: string;
  memoryLimit?: number;
  goawayChance?: number;
  restartKilled: boolean;
  /** haproxy's binary, when it can be had; else the built-in balancer runs */
  haproxy?: string;
  log: (line: string) => void;
}

export interface Replicas {
  apiservers: Apiserver[];
  supervisors: ApiserverSupervisor[];
  balancer: LoadBalancer;
  /** the admin's connection through the balancer, trusting every apiserver's CA */
  admin: Connection;
  events: ApiserverEvent[];
}

/**
 * Every apiserver makes its own serving certificate and CA (--cert-dir), valid for 127.0.0.1 and so for the
 * balancer's address too; clients through the balancer trust the bundle of all of them. This keeps kube-apiserver's
 * own certificates (no certificate library in ksb), and a restart reuses its directory, so the bundle stays valid.
 */
function caBundle(apiservers: Apiserver[]): string {
  return apiservers.map((a) => a.admin.caPem ?? '').join('\n');
}

/** Starts the apiservers (in parallel: they share etcd, as an HA control plane does), the balancer, the supervisors. */
export async function startReplicas(s: ReplicaSpec, teardown: Teardown): Promise<Replicas> {
  const events: ApiserverEvent[] = [];
  const cgroups: Array<MemoryCgroup | undefined> = [];
  for (let i = 0; i < s.count; i++) {
    const cgroup = s.memoryLimit ? await createMemoryCgroup(`ksb-${randomBytes(4).toString('hex')}-${i}`, s.memoryLimit) : undefined;
    if (cgroup) teardown.add(() => cgroup.remove());
    cgroups.push(cgroup);
  }
  const extraFlags = s.goawayChance ? [`--goaway-chance=${s.goawayChance}`] : [];
  const apiservers = await Promise.all(
    cgroups.map(async (cgroup, i) => {
      const dir = join(s.dir, `apiserver-${i}`);
      await mkdir(dir);
      const apiserver = await startApiserver({
        ...{ binary: s.binary, name: `${s.name} #${i}`, etcdUrl: s.etcd.url, dir, credentials: s.credentials },
        ...{ gates: s.gates, emulatedVersion: s.emulatedVersion, cgroupProcs: cgroup?.procsFile, extraFlags },
      });
      teardown.add(() => apiserver.stop());
      return apiserver;
    }),
  );
  const supervisors = apiservers.map(
    (apiserver, index) =>
      new ApiserverSupervisor({ index, apiserver, cgroup: cgroups[index], restart: s.restartKilled, events, log: s.log }),
  );
  // Stopped before the apiservers are (teardown runs newest first), so a stop is not taken for a crash to restart.
  teardown.add(() => Promise.resolve(supervisors.forEach((x) => x.stop())));
  for (const x of supervisors) void x.watch();
  const balancer = await startLoadBalancer({
    backends: apiservers.map((a) => Number(new URL(a.admin.url).port)),
    haproxy: s.haproxy,
    dir: s.dir,
    onEvent: (e) => events.push({ at: e.at, apiserver: String(e.backend), kind: e.kind }),
  });
  teardown.add(() => balancer.stop());
  const admin: Connection = {
    url: `https://127.0.0.1:${balancer.port}`,
    token: s.credentials.adminToken,
    caPem: caBundle(apiservers),
    insecureSkipTLSVerify: false,
  };
  return { apiservers, supervisors, balancer, admin, events };
}

interface ReplicatedParts {
  replicas: Replicas;
  etcd: LocalEtcd;
  load: LoadIdentity;
  info: TargetInfo;
  teardown: Teardown;
  log: (line: string) => void;
}

// As for one apiserver (running-target.ts): a rolling restart's stop gives the apiserver a short grace period.
const RESTART_GRACE_MS = 2_000;

/** The target is down when etcd dies, or when every apiserver is down for good (restarts off). */
function crashOf(p: ReplicatedParts): Promise<string> {
  const { supervisors } = p.replicas;
  return Promise.race([
    p.etcd.process.crashed.then((why) => `etcd exited: ${why} (the kube-apiservers stayed up without their storage)`),
    Promise.all(supervisors.map((x) => x.downForGood)).then(
      () => `all ${supervisors.length} kube-apiservers exited and none was restarted (--restart-killed off)`,
    ),
  ]);
}

export function runningReplicatedTarget(p: ReplicatedParts): RunningTarget {
  const { apiservers, supervisors, admin, events } = p.replicas;
  let nextToRestart = 0;
  return {
    ...admin,
    load: p.load,
    pids: { etcd: p.etcd.process.pid },
    info: p.info,
    crashed: crashOf(p),
    replicas: apiservers.map((a, i) => ({
      connection: a.admin,
      pid: () => (['running', 'starting'].includes(supervisors[i]!.state) ? a.process.pid : undefined),
    })),
    events,
    balancerConnections: () => p.replicas.balancer.connections(),
    // A rolling-upgrade step: one apiserver (the next running one in turn) restarted; its clients move to the others.
    async restart() {
      const n = supervisors.length;
      const i = [...Array(n).keys()].map((k) => (nextToRestart + k) % n).find((k) => supervisors[k]!.state === 'running');
      if (i === undefined) throw new Error('no kube-apiserver is running to restart');
      nextToRestart = (i + 1) % n;
      const t0 = Date.now();
      await supervisors[i]!.restartNow(RESTART_GRACE_MS);
      p.log(`local target: kube-apiserver #${i} restarted, ready again in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    },
    stop: () => p.teardown.run(),
  };
}
