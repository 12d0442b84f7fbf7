// One kube-apiserver of a local target: its flags, its start and readiness, and its restart on the same port and
// certificate. Each has its own port and directory (serving certificate, log), so several can share one etcd.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { targetGet } from '../http-get.js';
import { gatesFlag } from '../../variants/variants.js';
import type { Connection } from '../target.js';
import type { LocalCredentials } from './credentials.js';
import { freePort } from './ports.js';
import { startGroupProcess, type GroupProcess } from './process-group.js';
import { waitReady } from './readiness.js';

interface ApiserverConfig {
  /** the kube-apiserver binary to run */
  binary: string;
  /** how messages name it, e.g. "kube-apiserver 1.33.13" */
  name: string;
  etcdUrl: string;
  /** this apiserver's own directory: its serving certificate (--cert-dir) and its log */
  dir: string;
  credentials: LocalCredentials;
  gates: Record<string, boolean>;
  emulatedVersion?: string;
  /** a memory cgroup's procs file the process joins before it runs */
  cgroupProcs?: string;
  /** flags beyond the common ones (e.g. --goaway-chance behind a load balancer) */
  extraFlags?: string[];
}

export interface Apiserver {
  /** the admin's connection, verifying the serving certificate kube-apiserver made itself */
  admin: Connection;
  /** its flags, the token file's path left out */
  flags: string[];
  /** the running process (a new one after restart) */
  readonly process: GroupProcess;
  /** resolves when any of its processes ends without being stopped */
  crashed: Promise<string>;
  /** SIGTERM, SIGKILL after graceMs (default 10 s) */
  stop(graceMs?: number): Promise<void>;
  /** after stop(): starts it again on the same port and certificate, and waits until it is ready */
  start(): Promise<void>;
}

// How often the object counts and sizes that API Priority and Fairness prices a LIST by are read from etcd (default
// 1m): the seeded collection is known to it within seconds, as a long-lived cluster's would be.
const COUNT_POLL = '2s';
const READY_TIMEOUT_MS = 120_000;

function apiserverFlags(c: ApiserverConfig, port: number): string[] {
  return [
    `--etcd-servers=${c.etcdUrl}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${join(c.dir, 'certs')}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${c.credentials.serviceAccountKeyFile}`,
    `--service-account-signing-key-file=${c.credentials.serviceAccountKeyFile}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--authorization-mode=RBAC',
    `--token-auth-file=${c.credentials.tokenFile}`,
    '--endpoint-reconciler-type=none',
    `--etcd-count-metric-poll-period=${COUNT_POLL}`,
    `--feature-gates=${gatesFlag(c.gates)}`,
    ...(c.emulatedVersion ? [`--emulated-version=${c.emulatedVersion}`] : []),
    ...(c.extraFlags ?? []),
  ];
}

/** kube-apiserver's own one-line reason for refusing an emulation version or a gate, from its log. */
export function startupRefusal(log: string): string | undefined {
  const line = log.split('\n').find((l) => /emulation version|emulated-version|feature gate/i.test(l) && /Error|error:|E\d{4} /.test(l));
  return line
    ?.replace(/^[EF]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] /, '')
    .replace(/^Error: /, '')
    .trim();
}

/**
 * Starts a kube-apiserver and waits until /readyz answers over TLS verified with the certificate it made itself
 * (--cert-dir: a serving certificate for 127.0.0.1 and the CA that signed it, in one file). Stopped if never ready.
 */
export async function startApiserver(c: ApiserverConfig): Promise<Apiserver> {
  const port = await freePort();
  const flags = apiserverFlags(c, port);
  const logFile = join(c.dir, 'kube-apiserver.log');
  const certFile = join(c.dir, 'certs', 'apiserver.crt');
  const admin: Connection = { url: `https://127.0.0.1:${port}`, token: c.credentials.adminToken, insecureSkipTLSVerify: false };
  let onCrash: (why: string) => void = () => {};
  const crashed = new Promise<string>((resolve) => (onCrash = resolve));
  let proc: GroupProcess;

  const launch = async () => {
    proc = startGroupProcess(c.binary, flags, logFile, c.cgroupProcs);
    void proc.crashed.then(onCrash);
    const ready = async () => {
      admin.caPem ??= await readFile(certFile, 'utf8');
      return (await targetGet(admin, '/readyz', 3000)).status === 200;
    };
    try {
      await waitReady(c.name, ready, proc.exited, logFile, READY_TIMEOUT_MS);
    } catch (e) {
      await proc.stop();
      const refused = startupRefusal(await readFile(logFile, 'utf8').catch(() => ''));
      throw refused ? new Error(`${c.name} refused its flags: ${refused}`) : e;
    }
  };
  await launch();
  return {
    admin,
    flags: flags.filter((f) => !f.startsWith('--token-auth-file')),
    get process() {
      return proc;
    },
    crashed,
    stop: (graceMs) => proc.stop(graceMs),
    start: launch,
  };
}
