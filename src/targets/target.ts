// One interface for every target: the run pipeline starts it, seeds it, samples it and stops it.
import type { ApiserverEvent } from './apiserver-events.js';
import type { Variant } from '../variants/variants.js';
import type { BuildIdentity } from '../builds/binary.js';

/** What run.json records of a build the user brought: its identity, the release its gates follow and whence, its etcd. */
export type BuildRecord = BuildIdentity & {
  /** the binary that ran */
  path: string;
  followed_release: string;
  release_source: 'binary' | 'server';
  etcd: string;
};

export interface TargetInfo {
  kind: 'mock' | 'local' | 'kind' | 'kubeconfig';
  /** the apiserver's /version, as it answered */
  version: Record<string, unknown>;
  /** the gates ksb started the server with (mock, local, kind); for a kubeconfig target, those it reports */
  featureGates: Record<string, boolean>;
  /** the compatibility version kube-apiserver ran at (--emulated-version), when not its own */
  emulated_version?: string;
  /** anything else worth keeping in run.json; never credentials */
  details: Record<string, unknown>;
}

/** How to reach a target and who to be there: URL, credentials, and how its certificate is checked. */
export interface Connection {
  url: string;
  /** bearer token for requests; kept in memory only, never written to results */
  token?: string;
  /** PEM of the CA that signed the serving certificate */
  caPem?: string;
  /** client certificate auth (kubeconfigs such as kind's); kept in memory only */
  clientCert?: { certPem: string; keyPem: string };
  /** true only where the user's kubeconfig says insecure-skip-tls-verify; ksb's own targets are verified */
  insecureSkipTLSVerify: boolean;
}

export interface RunningTarget extends Connection {
  /**
   * The identity the load engine uses where it differs from `token` (the admin credentials that seed and sample): the
   * local target's non-exempt user, so API Priority and Fairness sees the load. Kept in memory only.
   */
  load?: LoadIdentity;
  /** pids whose /proc memory is sampled: the apiserver first */
  pids: { apiserver?: number; etcd?: number };
  info: TargetInfo;
  /** resolves when the apiserver process ends by itself (a crash, an OOM kill) */
  crashed: Promise<string>;
  /** further samples taken with each /metrics scrape (e.g. a kind control-plane container's memory) */
  sampleExtra?(): Promise<Array<{ metric: string; value: number; labels: string }>>;
  /**
   * Several apiservers behind a load balancer (the local target's --apiservers N > 1): the connection above is the
   * balancer's, and each replica is sampled directly.
   */
  replicas?: ApiserverReplica[];
  /** what happened to the replicas (kills, exits, restarts, readiness, the balancer's view), as it happens */
  events?: ApiserverEvent[];
  /** the connections the load balancer gave each replica so far */
  balancerConnections?(): Promise<number[]>;
  /** restarts the apiserver (keeping its data where the target can) for reconnect storms; with replicas, one of them */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** One apiserver of a replicated target: its own connection (the admin's), and its process while it runs. */
interface ApiserverReplica {
  connection: Connection;
  /** its process now (a new one after a restart); undefined while it is down */
  pid(): number | undefined;
}

/** A second user for the load: its token (never written anywhere) and its names (recorded in run.json). */
export interface LoadIdentity {
  token: string;
  user: string;
  groups: string[];
}

/** The connection the load engine uses: the load identity's token where the target has one, else its own credentials. */
export function loadConnection(t: RunningTarget): Connection {
  const { url, token, caPem, clientCert, insecureSkipTLSVerify } = t;
  return t.load ? { url, token: t.load.token, caPem, insecureSkipTLSVerify } : { url, token, caPem, clientCert, insecureSkipTLSVerify };
}

export interface TargetProvider {
  name: TargetInfo['kind'];
  /** the kube-apiserver builds the user brought, by name (--builds; "build" for --kube-apiserver or --kube-source) */
  builds?: Record<string, BuildRecord>;
  /**
   * Fails before anything starts when a variant cannot run here (e.g. a locked gate), and makes the choices that
   * hold for every variant of the run alike (the emulation version).
   */
  check(variants: Variant[]): void;
  start(variant: Variant): Promise<RunningTarget>;
}
