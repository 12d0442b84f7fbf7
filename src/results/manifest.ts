// run.json: what ran, where, with which versions, and how it ended.
import { execFileSync } from 'node:child_process';
import { cpus, hostname, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../plan/plan.js';
import type { ApfScope } from '../metrics/rep-figures.js';
import type { TimelineEvent } from '../targets/apiserver-events.js';
import type { ApiCounts } from './runner-json.js';
import type { BuildRecord, TargetInfo } from '../targets/target.js';
import type { ResolvedWorkload } from '../workload/resolve.js';
import { variantOf } from '../variants/variants.js';

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
  /** the engine's exit code (k6ExitCode in runs written before ksb-runner) */
  engineExitCode?: number;
  k6ExitCode?: number;
  /** the engine's last lines of output when it failed */
  engineLastLines?: string[];
  k6LastLines?: string[];
  /** ksb-runner's own account of the repetition: churn rates kept or missed, its peak memory */
  engine_report?: { churn?: Array<{ scenario: string; target_per_second: number; achieved_per_second: number; skipped: number }>; peak_rss_bytes?: number; gomaxprocs?: number; reason?: string; api_counts?: ApiCounts };
  /** heap profiles of the apiserver (Go targets), or why there are none */
  profiles?: ProfileRecord;
  /** --prometheus-url: the apiserver instances its queries saw, the queries that returned nothing, or its error */
  prometheus?: { apiserver_instances: string[]; missing: string[]; error?: string };
  /** API Priority and Fairness: the load's user (never its credentials) and the flow schemas its requests land in */
  apf?: ApfRecord;
  /** several apiservers (local --apiservers N): what happened to each, in time order (t: s since the load began) */
  apiserver_events?: TimelineEvent[];
  /** several apiservers: the connections the load balancer gave each, over the repetition */
  balancer_connections?: number[];
  /** several apiservers: each one's RSS before the load (mean), at its peak during it, and the growth between */
  apiserver_memory?: Array<{ apiserver: string; baseline_bytes: number; peak_bytes: number; growth_bytes: number }>;
  /** --bystander: its requests during the load, how many failed, and the latency of those that did not */
  bystander?: BystanderFigures;
  /** what makes this repetition's figures doubtful (e.g. /metrics answered from several replicas) */
  warnings?: string[];
}

export interface BystanderFigures {
  requests: number;
  errors: number;
  /** good answers over requests, during the load */
  availability: number;
  p50_ms: number;
  p99_ms: number;
}

/** The load's identity as the server saw it, and where APF put its requests. */
export type ApfRecord = ApfScope & { user?: string; groups?: string[] };

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
  /** client-go (ksb-runner) or js (k6/http + k6/websockets, --engine k6) */
  client: string;
  /** e.g. "client-go v0.37.2 in ksb-runner 0.1.0 (go1.26.8)" or "k6 v1.7.1 k6/http + k6/websockets" */
  library: string;
  content_type?: string;
  transport?: string;
  /** whether the client asked for gzip */
  compression?: boolean;
  share_client?: boolean;
  keep_objects?: boolean;
  decode?: boolean;
}

/** The load engine that produced a run's figures: ksb-runner (the default) or the user's own k6 (--engine k6). */
export interface EngineRecord {
  name: 'ksb-runner' | 'k6';
  version: string;
  go?: string;
  client_go?: string;
}

/** "ksb-runner 0.1.0 (go1.26.8, client-go v0.37.2)" or "k6 v1.7.1"; runs before ksb-runner ran k6 with k6/x/kube. */
export function describeEngine(m: Pick<RunManifest, 'engine' | 'tool'>): string {
  const e = m.engine;
  if (!e) return m.tool.k6 ? `k6 ${m.tool.k6}${m.tool.k6_extension ? ` (k6/x/kube ${m.tool.k6_extension})` : ''}` : 'unknown engine';
  return e.name === 'ksb-runner' ? `ksb-runner ${e.version} (${e.go ?? '?'}, client-go ${e.client_go ?? '?'})` : `k6 ${e.version}`;
}

function describeClients(scenarios: ResolvedWorkload['scenarios'], engine: EngineRecord): ClientRecord[] {
  const goLib =
    engine.name === 'ksb-runner'
      ? `client-go ${engine.client_go} in ksb-runner ${engine.version} (${engine.go})`
      : `client-go through k6/x/kube in the user's k6 ${engine.version}`;
  const k6 = { version: engine.version };
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

/** With --content-types every client speaks its cell's encoding, whatever the workload's parameter says. */
function withCellEncodings(clients: ClientRecord[], variants: string[]): ClientRecord[] {
  const cts = [...new Set(variants.map((v) => variantOf(v).contentType).filter((ct) => ct !== undefined))];
  if (!cts.length) return clients;
  return clients.map((c) => (c.client === 'client-go' ? { ...c, content_type: `per cell: ${cts.join(', ')}` } : c));
}

/** The run directory format this version writes and reads; a newer one is refused by name. */
export const RUN_FORMAT = 1;

export interface RunManifest {
  /** absent in runs written before the format was numbered (those are format 1) */
  format?: number;
  run_id: string;
  /** k6 and k6_extension: runs written before ksb-runner, whose engine was k6 with k6/x/kube */
  tool: { name: 'kube-stream-bench'; version: string; git_commit?: string; node: string; k6?: string; k6_extension?: string };
  /** the load engine (absent in runs written before ksb-runner: see tool.k6) */
  engine?: EngineRecord;
  /** the client of each load scenario (churn: PATCHes through the engine's HTTP client) */
  clients: ClientRecord[];
  workload: { name: string; description: string; params: Record<string, number | string | boolean> };
  seed: ResolvedWorkload['seed'];
  scenarios: ResolvedWorkload['scenarios'];
  variants: Array<{ name: string; description: string; gates: Record<string, boolean>; preferred_gates: Record<string, boolean>; client_mode: string }>;
  reps: number;
  /** --reps auto: when it stopped, and why */
  reps_auto?: { max_reps: number; threshold: number; stopped_after: number; why: string };
  target: { kind: string; emulated_version?: string };
  /**
   * the kube-apiserver builds the user brought (--builds by name, "build" for --kube-apiserver or --kube-source):
   * spec, reported version, release followed, git commit, sha256, Go version, etcd
   */
  builds?: Record<string, BuildRecord>;
  plan_tuning: Pick<Plan, 'informersPerVU' | 'readBodyLimitBytes' | 'syncTimeoutMs'>;
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
  /** --flow-schema: the priority level and flow schemas (<name>, <name>-list, <name>-watch) ksb made for the load */
  flow_schema?: string;
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

export function newManifest(o: { runId: string; version: string; engine: EngineRecord; workload: ResolvedWorkload; variants: string[]; reps: number; targetKind: string; plan: Plan }): RunManifest {
  return {
    format: RUN_FORMAT,
    run_id: o.runId,
    tool: { name: 'kube-stream-bench', version: o.version, git_commit: gitCommit(), node: process.version },
    engine: o.engine,
    clients: withCellEncodings(describeClients(o.workload.scenarios, o.engine), o.variants),
    workload: { name: o.workload.name, description: o.workload.description, params: o.workload.params },
    seed: o.workload.seed,
    scenarios: o.workload.scenarios,
    variants: o.variants.map((v) => ({ name: v, description: variantOf(v).description, gates: variantOf(v).gates, preferred_gates: variantOf(v).preferredGates, client_mode: variantOf(v).clientMode })),
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
