// The local target: etcd and kube-apiserver, built from Go modules, run as processes on 127.0.0.1.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { targetGet, targetRequest } from '../http-get.js';
import { gatesFlag, type Variant } from '../../variants/variants.js';
import type { LoadIdentity, RunningTarget, TargetProvider } from '../target.js';

type Connection = Pick<RunningTarget, 'url' | 'token' | 'caPem' | 'insecureSkipTLSVerify'>;
import { ensureKubeBinaries, type KubeBinaries } from './binaries.js';
import { createMemoryCgroup, type MemoryCgroup } from './memory-limit.js';
import { freePort, lostItsPort } from './ports.js';
import { allowAnonymousMetrics, fileSdGroups, writeFileSd } from './prometheus-discovery.js';
import { startGroupProcess, type GroupProcess } from './process-group.js';
import { abMeaning, gatePlanFor, parseKubeVersion, type EmulationChoice, type GatePlan, type KubeVersion } from '../versions.js';

export interface LocalOptions {
  kubeVersion: string;
  /** --emulated-version: auto (default), off, or a minor */
  emulation?: EmulationChoice;
  /** hard memory cap for kube-apiserver, bytes */
  memoryLimit?: number;
  /** --prometheus-file-sd: a file_sd file listing the running apiserver and etcd for the user's Prometheus */
  fileSd?: string;
  /** extra gates every variant must have (from --feature-gates) */
  extraGates?: Record<string, boolean>;
  log?: (line: string) => void;
}

// A target's directory holds its token and etcd's data: if ksb exits without stopping the target (a second
// Ctrl-C), the directory still goes (the processes are killed by process-group's own exit hook, registered first).
const liveDirs = new Set<string>();
process.on('exit', () => {
  for (const d of liveDirs) rmSync(d, { recursive: true, force: true });
});

async function tail(file: string, lines = 25): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-lines).join('\n');
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  exited: Promise<string>,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  let ended: string | undefined;
  void exited.then((why) => (ended = why));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (ended) throw new Error(`${what} exited (${ended}) before it was ready; last lines of ${logFile}:\n${await tail(logFile)}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} was not ready after ${timeoutMs / 1000} s; last lines of ${logFile}:\n${await tail(logFile)}`);
}

/** kube-apiserver's own one-line reason for refusing an emulation version or a gate, from its log. */
export function startupRefusal(log: string): string | undefined {
  const line = log.split('\n').find((l) => /emulation version|emulated-version|feature gate/i.test(l) && /Error|error:|E\d{4} /.test(l));
  return line
    ?.replace(/^[EF]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] /, '')
    .replace(/^Error: /, '')
    .trim();
}

const COUNT_POLL = '2s';
const PORT_ATTEMPTS = 3;
const RESTART_GRACE_MS = 2_000;
const LOAD_USER = 'ksb-load';
const LOAD_GROUP = 'ksb:load';

/**
 * Binds the load's group to cluster-admin (with the admin token) and waits until the load's user is allowed to
 * read, as RBAC's informers take the binding in within moments of its creation.
 */
async function bindLoadUser(admin: Connection, loadConn: Connection): Promise<void> {
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: LOAD_USER },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: LOAD_GROUP }],
  };
  const res = await targetRequest(admin, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', binding);
  if (res.status !== 201 && res.status !== 409)
    throw new Error(`local target: binding ${LOAD_USER} to cluster-admin: HTTP ${res.status}: ${res.body.slice(0, 200)}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const probe = await targetRequest(loadConn, 'GET', '/api/v1/namespaces/default/configmaps?limit=1').catch(() => ({ status: 0 }));
    if (probe.status === 200) return;
    if (Date.now() > deadline)
      throw new Error(`local target: ${LOAD_USER} still could not list configmaps 30 s after its binding (HTTP ${probe.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function kubeconfigYaml(url: string, caPem: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'ksb-local', cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: 'ksb-admin', user: { token } }],
    contexts: [{ name: 'ksb-local', context: { cluster: 'ksb-local', user: 'ksb-admin' } }],
    'current-context': 'ksb-local',
  });
}

export function localTarget(opts: LocalOptions): TargetProvider & { version: KubeVersion } {
  const version = parseKubeVersion(opts.kubeVersion);
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  let binaries: KubeBinaries | undefined;
  let plan: GatePlan | undefined;
  const planFor = (variants: Variant[]) => gatePlanFor(version, opts.emulation ?? { kind: 'auto' }, variants, opts.extraGates);

  return {
    name: 'local',
    version,
    check(variants) {
      const checkedBefore = plan !== undefined;
      plan = planFor(variants);
      // `ksb run` checks before it looks for the engine and again when the run starts: say it once.
      if (checkedBefore) return;
      if (plan.why) log(`local target: ${plan.why}`);
      const meaning = abMeaning(version, plan);
      if (meaning) log(`local target: ${meaning}`);
    },
    async start(variant): Promise<RunningTarget> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await startOnce(variant);
        } catch (e) {
          if (attempt >= PORT_ATTEMPTS || !lostItsPort((e as Error).message)) throw e;
          log(`local target: a port was taken before etcd or kube-apiserver bound it; starting again on new ports`);
        }
      }
    },
  };

  async function startOnce(variant: Variant): Promise<RunningTarget> {
    plan ??= planFor([variant]);
    const gates = plan.gates.get(variant.name) ?? planFor([variant]).gates.get(variant.name)!;
    const emulated = plan.emulatedVersion;
    binaries ??= await ensureKubeBinaries(version, log);
    const dir = await mkdtemp(join(tmpdir(), 'ksb-local-'));
    liveDirs.add(dir);
    const token = randomBytes(24).toString('hex');
    // The load's own user: system:masters (the admin's group) is exempt from API Priority and Fairness, so the
    // engine runs as a user bound to cluster-admin through RBAC, which APF classifies like any other.
    const load: LoadIdentity = { token: randomBytes(24).toString('hex'), user: LOAD_USER, groups: [LOAD_GROUP] };
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    await writeFile(
      join(dir, 'tokens.csv'),
      `${token},ksb-admin,ksb-admin,"system:masters"\n${load.token},${LOAD_USER},${LOAD_USER},"${LOAD_GROUP}"\n`,
      { mode: 0o600 },
    );
    const [etcdClient, etcdPeer, securePort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const etcdLog = join(dir, 'etcd.log');
    const apiLog = join(dir, 'kube-apiserver.log');
    let cgroup: MemoryCgroup | undefined;
    let etcd: GroupProcess | undefined;
    let api: GroupProcess | undefined;
    let stopping = false;
    const cleanup = async () => {
      stopping = true;
      if (opts.fileSd) await writeFileSd(opts.fileSd, []).catch(() => {});
      await api?.stop();
      await etcd?.stop();
      await cgroup?.remove();
      await rm(dir, { recursive: true, force: true });
      liveDirs.delete(dir);
    };
    try {
      etcd = startGroupProcess(
        binaries.etcd,
        [
          '--name',
          'ksb',
          '--data-dir',
          join(dir, 'etcd'),
          '--listen-client-urls',
          etcdUrl,
          '--advertise-client-urls',
          etcdUrl,
          '--listen-peer-urls',
          `http://127.0.0.1:${etcdPeer}`,
          '--initial-advertise-peer-urls',
          `http://127.0.0.1:${etcdPeer}`,
          '--initial-cluster',
          `ksb=http://127.0.0.1:${etcdPeer}`,
          '--unsafe-no-fsync',
          '--quota-backend-bytes',
          String(8 * 1024 ** 3),
          '--log-level',
          'warn',
        ],
        etcdLog,
      );
      await waitFor('etcd', async () => (await fetch(`${etcdUrl}/health`)).ok, etcd.exited, etcdLog, 30_000);

      if (opts.memoryLimit) cgroup = await createMemoryCgroup(`ksb-${randomBytes(4).toString('hex')}`, opts.memoryLimit);
      const apiArgs = [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${securePort}`,
        `--cert-dir=${join(dir, 'certs')}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${join(dir, 'sa.key')}`,
        `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
        '--service-cluster-ip-range=10.0.0.0/24',
        '--authorization-mode=RBAC',
        `--token-auth-file=${join(dir, 'tokens.csv')}`,
        '--endpoint-reconciler-type=none',
        // How often the object counts and sizes that API Priority and Fairness prices a LIST by are read from etcd
        // (default 1m): the seeded collection is known to it within seconds, as a long-lived cluster's would be.
        `--etcd-count-metric-poll-period=${COUNT_POLL}`,
        `--feature-gates=${gatesFlag(gates.flag)}`,
        ...(emulated ? [`--emulated-version=${emulated}`] : []),
      ];
      const startApi = () => startGroupProcess(binaries!.kubeApiserver, apiArgs, apiLog, cgroup?.procsFile);
      api = startApi();
      const certFile = join(dir, 'certs', 'apiserver.crt');
      const url = `https://127.0.0.1:${securePort}`;
      let caPem = '';
      const ready = (proc: GroupProcess) =>
        waitFor(
          `kube-apiserver ${version.full}`,
          async () => {
            caPem ||= await readFile(certFile, 'utf8');
            return (await targetGet({ url, token, caPem, insecureSkipTLSVerify: false }, '/readyz', 3000)).status === 200;
          },
          proc.exited,
          apiLog,
          120_000,
        ).catch(async (e: Error) => {
          const refused = startupRefusal(await readFile(apiLog, 'utf8').catch(() => ''));
          throw refused ? new Error(`kube-apiserver ${version.full} refused its flags: ${refused}`) : e;
        });
      await ready(api);
      let onCrash: (why: string) => void = () => {};
      const crashed = new Promise<string>((r) => (onCrash = r));
      const watchExit = (proc: GroupProcess) =>
        void proc.exited.then(async (why) => {
          if (stopping || proc !== api) return;
          const oom = (await cgroup?.oomKilled()) ? ' (OOM-killed: over --memory-limit)' : '';
          onCrash(`kube-apiserver exited: ${why}${oom}`);
        });
      watchExit(api);
      // etcd dying leaves kube-apiserver up but unable to serve writes or consistent reads: a crash of the target.
      void etcd.exited.then((why) => {
        if (!stopping) onCrash(`etcd exited: ${why} (kube-apiserver stayed up without its storage)`);
      });
      const versionInfo = JSON.parse((await targetGet({ url, token, caPem, insecureSkipTLSVerify: false }, '/version')).body) as Record<
        string,
        unknown
      >;
      await bindLoadUser(
        { url, token, caPem, insecureSkipTLSVerify: false },
        { url, token: load.token, caPem, insecureSkipTLSVerify: false },
      );
      await writeFile(join(dir, 'kubeconfig'), kubeconfigYaml(url, caPem, token), { mode: 0o600 });
      if (opts.fileSd) {
        await allowAnonymousMetrics({ url, token, caPem, insecureSkipTLSVerify: false });
        await writeFileSd(opts.fileSd, fileSdGroups(url, etcdUrl, { variant: variant.name }));
        log(`local target: listed in ${opts.fileSd} for Prometheus (file_sd; /metrics readable without a token)`);
      }
      log(
        `local target: kube-apiserver ${String(versionInfo.gitVersion)} (pid ${api.pid}) + etcd ${binaries.etcdVersion} (pid ${etcd.pid}) at ${url}; kubeconfig ${join(dir, 'kubeconfig')} (removed at stop)`,
      );
      const target: RunningTarget = {
        url,
        token,
        load,
        caPem,
        // k6 takes no custom CA: it skips verification, for this loopback target only.
        insecureSkipTLSVerify: true,
        pids: { apiserver: api.pid, etcd: etcd.pid },
        info: {
          kind: 'local',
          version: versionInfo,
          featureGates: gates.flag,
          ...(emulated ? { emulated_version: emulated } : {}),
          details: {
            kube_version: version.full,
            apiserver_pid: api.pid,
            etcd_pid: etcd.pid,
            apiserver_binary: binaries.kubeApiserver,
            etcd_version: binaries.etcdVersion,
            locked_gates: gates.locked,
            memory_limit_bytes: opts.memoryLimit ?? null,
            load_identity: { user: LOAD_USER, groups: [LOAD_GROUP], rbac: 'ClusterRoleBinding ksb-load to cluster-admin' },
            apiserver_flags: apiArgs.filter((a) => !a.startsWith('--token-auth-file')),
          },
        },
        crashed,
        async restart() {
          const t0 = Date.now();
          stopping = true;
          // kube-apiserver drains for up to a minute while watches stay open (http.Server.Shutdown waits on their
          // connections): a storm's restart gives it RESTART_GRACE_MS, as a kubelet gives a pod its grace period.
          await api!.stop(RESTART_GRACE_MS);
          stopping = false;
          const t1 = Date.now();
          api = startApi();
          target.pids.apiserver = api.pid;
          watchExit(api);
          await ready(api);
          log(
            `local target: kube-apiserver stopped in ${((t1 - t0) / 1000).toFixed(1)} s, ready again in ${((Date.now() - t1) / 1000).toFixed(1)} s`,
          );
        },
        stop: cleanup,
      };
      return target;
    } catch (e) {
      await cleanup();
      throw e;
    }
  }
}
