// run.json: what ran, where, with which versions, and how it ended.
import { execFileSync } from 'node:child_process';
import { cpus, hostname, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { K6Plan } from '../plan/plan.js';
import type { TargetInfo } from '../targets/target.js';
import type { ResolvedWorkload } from '../workload/resolve.js';
import { VARIANTS } from '../workload/variants.js';

type RunStatus = 'complete' | 'incomplete' | 'target-crashed';

export interface RepRecord {
  variant: string;
  rep: number;
  status: RunStatus;
  reason?: string;
  started: string;
  ended?: string;
  target?: TargetInfo;
  /** the gates that matter as the server reported them (kubernetes_feature_enabled) after it started */
  effective_gates?: Record<string, boolean>;
  /** a kubeconfig cluster running a gate otherwise than the variant asks: the run is labelled, not refused */
  gate_contradictions?: string[];
  seededObjects: number;
  k6ExitCode?: number;
  /** k6's last lines of output when it failed */
  k6LastLines?: string[];
  /** heap profiles of the apiserver (Go targets), or why there are none */
  profiles?: ProfileRecord;
  /** --prometheus-url: the apiserver instances its queries saw, the queries that returned nothing, or its error */
  prometheus?: { apiserver_instances: string[]; missing: string[]; error?: string };
  /** what makes this repetition's figures doubtful (e.g. /metrics answered from several replicas) */
  warnings?: string[];
}

/** A repetition's heap profiles; paths are relative to the run directory. */
export interface ProfileRecord {
  /** taken when apiserver RSS last reached a new high: the profile at peak memory */
  peak?: string;
  /** apiserver RSS when the peak profile was requested */
  peakRssBytes?: number;
  /** taken once the load ended */
  after?: string;
  /** why there is no profile (e.g. the target forbids profiling, or the target is the mock) */
  note?: string;
}

/** The apiserver's gitVersion as its /version answered (run.json keeps that answer as it came). */
export function gitVersion(rep: RepRecord): string | undefined {
  const v = rep.target?.version?.gitVersion;
  return typeof v === 'string' ? v : undefined;
}

/** Which client produced a scenario's numbers: every figure a run publishes names it. */
export interface ClientRecord {
  scenario: string;
  /** client-go (k6/x/kube) or js (k6/http + k6/websockets) */
  client: string;
  /** e.g. "client-go v0.33.13 in k6 v1.7.1 (k6/x/kube 66509347c107)" or "k6 v1.7.1 k6/http + k6/websockets" */
  library: string;
  content_type?: string;
  transport?: string;
  /** whether the client asked for gzip */
  compression?: boolean;
  share_client?: boolean;
  keep_objects?: boolean;
  decode?: boolean;
}

export interface K6Build {
  version: string;
  extension: string;
  clientGo: string;
}

function describeClients(scenarios: ResolvedWorkload['scenarios'], k6: K6Build): ClientRecord[] {
  const goLib = `client-go ${k6.clientGo} in k6 ${k6.version} (k6/x/kube ${k6.extension})`;
  const out: ClientRecord[] = [];
  for (const sc of scenarios) {
    if (sc.kind === 'informers' || sc.kind === 'reconnect-storm') {
      const c = sc.client;
      out.push(
        c.kind === 'client-go'
          ? { scenario: sc.name, client: c.kind, library: goLib, content_type: c.contentType, transport: c.http1 ? 'HTTP/1.1' : 'HTTP/2 on TLS targets (HTTP/1.1 on plain http)', compression: c.compression, share_client: c.shareClient, keep_objects: c.keepObjects }
          : { scenario: sc.name, client: c.kind, library: `k6 ${k6.version} k6/http LIST + k6/websockets WATCH`, content_type: 'json', compression: false },
      );
    } else if (sc.kind === 'list-storm') {
      out.push(
        sc.client === 'client-go'
          ? { scenario: sc.name, client: sc.client, library: goLib, content_type: sc.accept, compression: sc.compression, decode: sc.decode }
          : { scenario: sc.name, client: sc.client, library: `k6 ${k6.version} k6/http`, content_type: sc.accept, compression: false },
      );
    }
  }
  return out;
}

/** The run directory format this version writes and reads; a newer one is refused by name. */
export const RUN_FORMAT = 1;

export interface RunManifest {
  /** absent in runs written before the format was numbered (those are format 1) */
  format?: number;
  run_id: string;
  tool: { name: 'kube-stream-bench'; version: string; git_commit?: string; node: string; k6: string; k6_extension?: string };
  /** the client of each load scenario (churn is always k6/http) */
  clients: ClientRecord[];
  workload: { name: string; description: string; params: Record<string, number | string | boolean> };
  seed: ResolvedWorkload['seed'];
  scenarios: ResolvedWorkload['scenarios'];
  variants: Array<{ name: string; description: string; gates: Record<string, boolean>; preferred_gates: Record<string, boolean>; client_mode: string }>;
  reps: number;
  /** --reps auto: when it stopped, and why */
  reps_auto?: { max_reps: number; threshold: number; stopped_after: number; why: string };
  target: { kind: string; emulated_version?: string };
  plan_tuning: Pick<K6Plan, 'informersPerVU' | 'readBodyLimitBytes' | 'syncTimeoutMs'>;
  host: { hostname: string; platform: string; kernel: string; cores: number; memory_bytes: number };
  started: string;
  ended?: string;
  status: RunStatus;
  reason?: string;
  repetitions: RepRecord[];
  /** --prometheus-url: where the apiserver and etcd figures came from (the URL without credentials) */
  prometheus?: { url: string; version: string; apiserver_selector: string; etcd_selector: string; step_ms: number; note: string };
  /** --k6-out: the outputs k6 also wrote to, credentials masked */
  k6_outputs?: string[];
  /** every repetition's warnings, also printed with the summary */
  warnings?: string[];
  /** step windows of a step-wise or ramping load (ms from the load start) */
  steps?: Array<{ step: number; startMs: number; endMs: number; informers: number }>;
}

function gitCommit(): string | undefined {
  try {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return undefined;
  }
}

export function newManifest(o: { runId: string; version: string; k6: K6Build; workload: ResolvedWorkload; variants: string[]; reps: number; targetKind: string; plan: K6Plan }): RunManifest {
  return {
    format: RUN_FORMAT,
    run_id: o.runId,
    tool: { name: 'kube-stream-bench', version: o.version, git_commit: gitCommit(), node: process.version, k6: o.k6.version, k6_extension: o.k6.extension },
    clients: describeClients(o.workload.scenarios, o.k6),
    workload: { name: o.workload.name, description: o.workload.description, params: o.workload.params },
    seed: o.workload.seed,
    scenarios: o.workload.scenarios,
    variants: o.variants.map((v) => ({ name: v, description: VARIANTS[v]!.description, gates: VARIANTS[v]!.gates, preferred_gates: VARIANTS[v]!.preferredGates, client_mode: VARIANTS[v]!.clientMode })),
    reps: o.reps,
    target: { kind: o.targetKind },
    plan_tuning: { informersPerVU: o.plan.informersPerVU, readBodyLimitBytes: o.plan.readBodyLimitBytes, syncTimeoutMs: o.plan.syncTimeoutMs },
    host: { hostname: hostname(), platform: platform(), kernel: release(), cores: cpus().length, memory_bytes: totalmem() },
    started: new Date().toISOString(),
    status: 'incomplete',
    reason: 'running',
    repetitions: [],
  };
}
