// /metrics with kube-apiserver's own metric names and labels, plus Node's process metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DEFAULT_GATES, type MockFeatureGates } from './feature-gates.js';

const COMMON = ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component'] as const;
const DURATION_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];
const SIZE_BUCKETS = [1000, 10000, 100000, 1e6, 1e7, 1e8, 1e9];

export type RequestLabels = {
  verb: string;
  resource: string;
  scope: 'cluster' | 'namespace' | 'resource' | '';
};

export class MockMetrics {
  readonly registry = new Registry();
  private readonly requestTotal = new Counter({
    name: 'apiserver_request_total',
    help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
    labelNames: [...COMMON, 'code'],
    registers: [this.registry],
  });
  private readonly requestDuration = new Histogram({
    name: 'apiserver_request_duration_seconds',
    help: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
    labelNames: COMMON,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly responseSizes = new Histogram({
    name: 'apiserver_response_sizes',
    help: 'Response size distribution in bytes for each group, version, verb, resource, subresource, scope and component.',
    labelNames: COMMON.filter((l) => l !== 'dry_run'),
    buckets: SIZE_BUCKETS,
    registers: [this.registry],
  });
  readonly inflight = new Gauge({
    name: 'apiserver_current_inflight_requests',
    help: 'Maximal number of currently used inflight request limit of this apiserver per request kind in last second.',
    labelNames: ['request_kind'],
    registers: [this.registry],
  });
  private readonly longrunning = new Gauge({
    name: 'apiserver_longrunning_requests',
    help: 'Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component.',
    labelNames: COMMON.filter((l) => l !== 'dry_run'),
    registers: [this.registry],
  });
  private readonly watchListDuration = new Histogram({
    name: 'apiserver_watch_list_duration_seconds',
    help: 'Response latency distribution in seconds for watch list requests broken by group, version, resource and scope.',
    labelNames: ['group', 'version', 'resource', 'scope'],
    buckets: [0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 15, 20, 30, 45, 60],
    registers: [this.registry],
  });
  readonly terminatedWatchers = new Counter({
    name: 'apiserver_terminated_watchers_total',
    help: 'Counter of watchers closed due to unresponsiveness broken by resource type.',
    labelNames: ['resource'],
    registers: [this.registry],
  });
  readonly storageObjects = new Gauge({
    name: 'apiserver_storage_objects',
    help: 'Number of stored objects at the time of last check split by kind.',
    labelNames: ['resource'],
    registers: [this.registry],
  });

  /** @param gates read at every scrape: kubernetes_feature_enabled reports them as kube-apiserver does (all BETA in 1.33) */
  constructor(gates: Readonly<MockFeatureGates> = DEFAULT_GATES) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'kubernetes_feature_enabled',
      help: 'This metric records the data about the stage and enablement of a k8s feature.',
      labelNames: ['name', 'stage'],
      registers: [this.registry],
      collect() {
        for (const [name, on] of Object.entries(gates)) this.set({ name, stage: 'BETA' }, on ? 1 : 0);
      },
    });
    // Node's own: the bytes of ArrayBuffers (every Buffer the mock holds or writes); prom-client has none.
    new Gauge({
      name: 'nodejs_array_buffers_bytes',
      help: 'Bytes allocated for ArrayBuffers and SharedArrayBuffers, including all Node.js Buffers (process.memoryUsage().arrayBuffers).',
      registers: [this.registry],
      collect() {
        this.set(process.memoryUsage().arrayBuffers);
      },
    });
  }

  private full(l: RequestLabels) {
    return { verb: l.verb, group: '', version: 'v1', resource: l.resource, subresource: '', scope: l.scope, component: 'apiserver' };
  }

  observeRequest(l: RequestLabels, code: number, seconds: number, bytes: number): void {
    const labels = this.full(l);
    this.requestTotal.inc({ ...labels, dry_run: '', code: String(code) });
    this.requestDuration.observe({ ...labels, dry_run: '' }, seconds);
    if (bytes > 0) this.responseSizes.observe(labels, bytes);
  }

  longrunningStarted(l: RequestLabels): () => void {
    const labels = this.full(l);
    this.longrunning.inc(labels);
    return () => this.longrunning.dec(labels);
  }

  observeWatchList(resource: string, scope: string, seconds: number): void {
    this.watchListDuration.observe({ group: '', version: 'v1', resource, scope }, seconds);
  }
}
