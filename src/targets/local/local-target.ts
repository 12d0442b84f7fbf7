// The local target: etcd and kube-apiserver, built from Go modules, run as processes on 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { targetGet } from '../http-get.js';
import type { Variant } from '../../variants/variants.js';
import type { BuildRecord, RunningTarget, TargetInfo, TargetProvider } from '../target.js';
import { startApiserver, type Apiserver } from './apiserver.js';
import type { KubeBinaries } from './binaries.js';
import { bindLoadUser, LOAD_BINDING, writeCredentials, writeKubeconfig, type LocalCredentials } from './credentials.js';
import { startEtcd } from './etcd.js';
import { createMemoryCgroup } from './memory-limit.js';
import { releaseBuild, type LocalBuild } from './local-build.js';
import { lostItsPort } from './ports.js';
import { allowAnonymousMetrics, fileSdGroups, writeFileSd } from './prometheus-discovery.js';
import { findHaproxy } from './load-balancer.js';
import { runningReplicatedTarget, startReplicas, type Replicas } from './replicated-target.js';
import { runningLocalTarget } from './running-target.js';
import { makeTargetDir, removeTargetDir } from './target-dir.js';
import { Teardown } from './teardown.js';
import {
  abMeaning,
  gatePlanFor,
  parseKubeVersion,
  type EmulationChoice,
  type GatePlan,
  type KubeVersion,
  type ResolvedGates,
} from '../versions.js';

export interface LocalOptions {
  kubeVersion: string;
  /**
   * the builds the user brought (--kube-apiserver, --kube-source: one; --builds: one per name, each variant cell
   * naming its own); without them, kubeVersion's release built from modules
   */
  builds?: LocalBuild[];
  /** --emulated-version: auto (default), off, or a minor */
  emulation?: EmulationChoice;
  /** hard memory cap for kube-apiserver, bytes */
  memoryLimit?: number;
  /** --prometheus-file-sd: a file_sd file listing the running apiserver and etcd for the user's Prometheus */
  fileSd?: string;
  /** extra gates every variant must have (from --feature-gates) */
  extraGates?: Record<string, boolean>;
  /** kube-apiservers on the one etcd, behind a load balancer when more than one (default 1) */
  apiservers?: number;
  /** with several apiservers: start one that died again after kubelet's back-off (default true) */
  restartKilled?: boolean;
  /** kube-apiserver's --goaway-chance, 0 to 0.02 */
  goawayChance?: number;
  log?: (line: string) => void;
}

const PORT_ATTEMPTS = 3;

/** What a start needs: the choices made for the run and its variant, and the binaries to run. */
interface StartSpec {
  opts: LocalOptions;
  version: KubeVersion;
  binaries: KubeBinaries;
  build?: BuildRecord;
  gates: ResolvedGates;
  emulated?: string;
  variant: Variant;
  log: (line: string) => void;
}

interface LocalFacts extends StartSpec {
  /** its /version, as it answered */
  served: Record<string, unknown>;
  apiserver: Apiserver;
  etcdPid: number;
  credentials: LocalCredentials;
}

/** What run.json keeps of a local target: versions, gates, pids, flags and the load's names; no credentials. */
function localInfo(f: LocalFacts): TargetInfo {
  const { load } = f.credentials;
  return {
    kind: 'local',
    version: f.served,
    featureGates: f.gates.flag,
    ...(f.emulated ? { emulated_version: f.emulated } : {}),
    details: {
      kube_version: f.version.full,
      apiserver_pid: f.apiserver.process.pid,
      etcd_pid: f.etcdPid,
      apiserver_binary: f.binaries.kubeApiserver,
      ...(f.build ? { build: f.build } : {}),
      etcd_version: f.binaries.etcdVersion,
      locked_gates: f.gates.locked,
      memory_limit_bytes: f.opts.memoryLimit ?? null,
      load_identity: { user: load.user, groups: load.groups, rbac: LOAD_BINDING },
      apiserver_flags: f.apiserver.flags,
    },
  };
}

/** What run.json adds for several apiservers: how many, the balancer that ran, each one's pid and flags. */
function replicatedInfo(base: TargetInfo, f: LocalFacts, r: Replicas): TargetInfo {
  const { apiserver_pid: _pid, ...details } = base.details;
  return {
    ...base,
    details: {
      ...details,
      apiservers: r.apiservers.length,
      apiserver_pids: r.apiservers.map((a) => a.process.pid),
      load_balancer: r.balancer.kind,
      restart_killed: f.opts.restartKilled ?? true,
      ...(f.opts.goawayChance ? { goaway_chance: f.opts.goawayChance } : {}),
    },
  };
}

/** etcd and N kube-apiservers behind a load balancer, in a new directory; the rest as startOnce. */
async function startReplicatedOnce(s: StartSpec, count: number): Promise<RunningTarget> {
  const { opts, binaries, log } = s;
  const teardown = new Teardown();
  try {
    const dir = await makeTargetDir();
    teardown.add(() => removeTargetDir(dir));
    const credentials = await writeCredentials(dir);
    const etcd = await startEtcd(binaries.etcd, dir);
    teardown.add(() => etcd.process.stop());
    const haproxy = findHaproxy();
    const replicas = await startReplicas(
      {
        ...{ count, binary: binaries.kubeApiserver, name: `kube-apiserver ${s.version.full}`, dir, etcd, credentials },
        ...{ gates: s.gates.flag, emulatedVersion: s.emulated, memoryLimit: opts.memoryLimit, goawayChance: opts.goawayChance },
        ...{ restartKilled: opts.restartKilled ?? true, haproxy, log },
      },
      teardown,
    );
    const { admin } = replicas;
    const served = JSON.parse((await targetGet(admin, '/version')).body) as Record<string, unknown>;
    await bindLoadUser(admin, { ...admin, token: credentials.load.token });
    const kubeconfig = join(dir, 'kubeconfig');
    await writeKubeconfig(kubeconfig, admin);
    log(
      `local target: ${count} × kube-apiserver ${String(served.gitVersion)} (pids ${replicas.apiservers.map((a) => a.process.pid).join(', ')}) + etcd ${binaries.etcdVersion} behind ${replicas.balancer.kind === 'haproxy' ? 'haproxy' : 'the built-in TCP balancer'} at ${admin.url}; kubeconfig ${kubeconfig} (removed at stop)`,
    );
    const facts: LocalFacts = { ...s, served, apiserver: replicas.apiservers[0]!, etcdPid: etcd.process.pid, credentials };
    const info = replicatedInfo(localInfo(facts), facts, replicas);
    return runningReplicatedTarget({ replicas, etcd, load: credentials.load, info, teardown, log });
  } catch (e) {
    await teardown.run();
    throw e;
  }
}

/** etcd and one kube-apiserver in a new directory, the load's user bound, the kubeconfig written; all undone on failure. */
async function startOnce(s: StartSpec): Promise<RunningTarget> {
  const { opts, binaries, log } = s;
  const teardown = new Teardown();
  try {
    const dir = await makeTargetDir();
    teardown.add(() => removeTargetDir(dir));
    const credentials = await writeCredentials(dir);
    const etcd = await startEtcd(binaries.etcd, dir);
    teardown.add(() => etcd.process.stop());
    const cgroup = opts.memoryLimit ? await createMemoryCgroup(`ksb-${randomBytes(4).toString('hex')}`, opts.memoryLimit) : undefined;
    if (cgroup) teardown.add(() => cgroup.remove());
    const apiserver = await startApiserver({
      ...{ binary: binaries.kubeApiserver, name: apiserverName(s), etcdUrl: etcd.url, dir, credentials },
      ...{ gates: s.gates.flag, emulatedVersion: s.emulated, cgroupProcs: cgroup?.procsFile },
    });
    teardown.add(() => apiserver.stop());
    const { admin } = apiserver;
    const served = JSON.parse((await targetGet(admin, '/version')).body) as Record<string, unknown>;
    await bindLoadUser(admin, { ...admin, token: credentials.load.token });
    const kubeconfig = join(dir, 'kubeconfig');
    await writeKubeconfig(kubeconfig, admin);
    if (opts.fileSd) {
      const file = opts.fileSd;
      teardown.add(() => writeFileSd(file, []).catch(() => {}));
      await allowAnonymousMetrics(admin);
      await writeFileSd(file, fileSdGroups(admin.url, etcd.url, { variant: s.variant.name }));
      log(`local target: listed in ${file} for Prometheus (file_sd; /metrics readable without a token)`);
    }
    log(
      `local target: kube-apiserver ${String(served.gitVersion)} (pid ${apiserver.process.pid}) + etcd ${binaries.etcdVersion} (pid ${etcd.process.pid}) at ${admin.url}; kubeconfig ${kubeconfig} (removed at stop)`,
    );
    const info = localInfo({ ...s, served, apiserver, etcdPid: etcd.process.pid, credentials });
    return runningLocalTarget({ etcd, apiserver, load: credentials.load, cgroup, info, teardown, log });
  } catch (e) {
    await teardown.run();
    throw e;
  }
}

function apiserverName(s: StartSpec): string {
  return s.build ? `kube-apiserver ${s.build.version} (${s.build.spec})` : `kube-apiserver ${s.version.full}`;
}

/** One build's gate plan for the variants that run on it, said once. */
function buildPlanner(build: LocalBuild, opts: LocalOptions, log: (line: string) => void) {
  let plan: GatePlan | undefined;
  const planFor = (variants: Variant[]) => gatePlanFor(build.version, opts.emulation ?? { kind: 'auto' }, variants, opts.extraGates);
  const who = build.name ? `build ${build.name}: ` : '';
  return {
    check(variants: Variant[]) {
      const checkedBefore = plan !== undefined;
      plan = planFor(variants);
      if ((opts.apiservers ?? 1) > 1 && opts.fileSd)
        throw new Error('--prometheus-file-sd lists one kube-apiserver; it cannot be combined with --apiservers above 1');
      // `ksb run` checks before it looks for the engine and again when the run starts: say it once.
      if (checkedBefore) return;
      if (plan.why) log(`local target: ${who}${plan.why}`);
      const meaning = abMeaning(build.version, plan);
      if (meaning) log(`local target: ${who}${meaning}`);
    },
    gatesOf(variant: Variant): { gates: ResolvedGates; emulated?: string } {
      plan ??= planFor([variant]);
      return { gates: plan.gates.get(variant.name) ?? planFor([variant]).gates.get(variant.name)!, emulated: plan.emulatedVersion };
    },
  };
}

/** The build a variant cell runs on: the one its build prefix names, or the run's one build. */
function buildFor(builds: LocalBuild[], variant: Variant): number {
  if (variant.build === undefined) {
    if (builds.length > 1) throw new Error(`variant ${variant.name} names no build, and this run has ${builds.length}`);
    return 0;
  }
  const i = builds.findIndex((b) => b.name === variant.build);
  if (i < 0)
    throw new Error(`variant ${variant.name}: no build named ${variant.build} (--builds has ${builds.map((b) => b.name).join(', ')})`);
  return i;
}

export function localTarget(opts: LocalOptions): TargetProvider & { version: KubeVersion } {
  const builds = opts.builds?.length ? opts.builds : [releaseBuild(parseKubeVersion(opts.kubeVersion))];
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const planners = builds.map((b) => buildPlanner(b, opts, log));
  const records = builds.flatMap((b) => (b.record ? [[b.name ?? 'build', b.record] as const] : []));

  return {
    name: 'local',
    version: builds[0]!.version,
    ...(records.length ? { builds: Object.fromEntries(records) } : {}),
    check(variants) {
      planners.forEach((p, i) => {
        const mine = variants.filter((v) => buildFor(builds, v) === i);
        if (mine.length) p.check(mine);
      });
    },
    async start(variant): Promise<RunningTarget> {
      const i = buildFor(builds, variant);
      const build = builds[i]!;
      const { gates, emulated } = planners[i]!.gatesOf(variant);
      const binaries = await build.binaries(log);
      const spec: StartSpec = { opts, version: build.version, binaries, build: build.record, gates, emulated, variant, log };
      for (let attempt = 1; ; attempt++) {
        try {
          const count = opts.apiservers ?? 1;
          return count > 1 ? await startReplicatedOnce(spec, count) : await startOnce(spec);
        } catch (e) {
          if (attempt >= PORT_ATTEMPTS || !lostItsPort((e as Error).message)) throw e;
          log(`local target: a port was taken before etcd or kube-apiserver bound it; starting again on new ports`);
        }
      }
    },
  };
}
