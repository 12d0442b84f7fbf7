// Samples the apiserver while load runs: /proc/<pid>/status every 100 ms for local processes,
// /metrics every 500 ms for every target.
import type { RunningTarget } from '../targets/target.js';
import type { SampleRow } from '../results/rows.js';
import { SampleStore } from './sample-store.js';
import { targetGet } from '../targets/http-get.js';
import { readProcCpuSeconds } from './proc-cpu.js';
import { readProcMemory } from './proc-status.js';
import { formatLabels, parsePromText, type PromSample } from '../targets/prom-text.js';

/** /metrics series kept, and how their label sets are folded. */
const KEEP_AS_IS = new Set([
  'process_resident_memory_bytes',
  'go_memstats_heap_inuse_bytes',
  'go_memstats_heap_alloc_bytes',
  'nodejs_heap_size_used_bytes',
  'nodejs_external_memory_bytes',
  'apiserver_current_inflight_requests',
  // allocations and garbage collection (Go: cumulative bytes allocated; GC cycles)
  'go_memstats_alloc_bytes_total',
  'go_gc_duration_seconds_count',
  'process_cpu_seconds_total',
  'nodejs_array_buffers_bytes',
]);
/** Families summed over all their label sets (resources, priority levels, GC kinds): one series each. */
const SUM_ALL = new Set([
  'nodejs_gc_duration_seconds_count',
  'apiserver_flowcontrol_rejected_requests_total',
  'apiserver_flowcontrol_current_inqueue_requests',
  'apiserver_flowcontrol_current_executing_seats',
  'apiserver_watch_cache_events_dispatched_total',
  'apiserver_watch_cache_events_received_total',
  'apiserver_watch_cache_initializations_total',
  'apiserver_watch_events_sizes_sum',
  'apiserver_watch_events_sizes_count',
  'apiserver_terminated_watchers_total',
  'apiserver_storage_objects',
]);
const SUM_BY_VERB = new Set([
  'apiserver_longrunning_requests',
  'apiserver_response_sizes_sum',
  'apiserver_response_sizes_count',
  'apiserver_request_duration_seconds_sum',
  'apiserver_request_duration_seconds_count',
  'apiserver_watch_list_duration_seconds_sum',
  'apiserver_watch_list_duration_seconds_count',
]);

/**
 * API Priority and Fairness per flow schema: the seats APF estimated for each request (a histogram: only its sum and
 * count are kept), the requests it dispatched and their time in queue. Folded to flow_schema and priority_level.
 */
const SUM_BY_FLOW_SCHEMA = new Set([
  'apiserver_flowcontrol_work_estimated_seats_sum',
  'apiserver_flowcontrol_work_estimated_seats_count',
  'apiserver_flowcontrol_dispatched_requests_total',
  'apiserver_flowcontrol_request_wait_duration_seconds_sum',
  'apiserver_flowcontrol_request_wait_duration_seconds_count',
]);

export function pickMetricSamples(samples: PromSample[]): Array<{ metric: string; value: number; labels: string }> {
  const out: Array<{ metric: string; value: number; labels: string }> = [];
  const sums = new Map<string, { metric: string; value: number; labels: string }>();
  for (const s of samples) {
    if (KEEP_AS_IS.has(s.name)) out.push({ metric: s.name, value: s.value, labels: formatLabels(s.labels) });
    else if (SUM_BY_VERB.has(s.name) || SUM_ALL.has(s.name) || SUM_BY_FLOW_SCHEMA.has(s.name)) {
      const labels = SUM_BY_FLOW_SCHEMA.has(s.name)
        ? formatLabels({ flow_schema: s.labels.flow_schema ?? '', priority_level: s.labels.priority_level ?? '' })
        : SUM_BY_VERB.has(s.name) && s.labels.verb
          ? formatLabels({ verb: s.labels.verb })
          : '';
      const key = `${s.name}|${labels}`;
      const acc = sums.get(key) ?? { metric: s.name, value: 0, labels };
      acc.value += s.value;
      sums.set(key, acc);
    }
  }
  return [...out, ...sums.values()];
}

export class Sampler {
  private readonly store = new SampleStore();
  private timers: NodeJS.Timeout[] = [];
  private t0 = Date.now();
  private metricsError?: string;
  /** process_start_time_seconds of every apiserver process that answered /metrics: more than one means replicas */
  private readonly startTimes = new Set<number>();
  /** the load generator (k6): its own RSS and CPU are sampled too, since it shares the machine */
  private clientPid?: number;
  /** told each apiserver RSS sample (the heap profiler watches for the peak) */
  onApiserverRss?: (bytes: number) => void;

  constructor(
    private readonly target: RunningTarget,
    private readonly base: { run_id: string; variant: string; rep: number },
    /** for step-wise load: the step a moment (t_ms) belongs to, added to each sample's labels */
    private readonly stepOf?: (t_ms: number) => number | undefined,
  ) {}

  /** t_ms is measured from this moment (the load start); samples before it are the baseline. */
  setZero(at = Date.now()): void {
    this.t0 = at;
  }

  private push(source: SampleRow['source'], metric: string, value: number, labels = ''): void {
    const t_ms = Date.now() - this.t0;
    const step = this.stepOf?.(t_ms);
    const withStep = step === undefined ? labels : labels ? `${labels},step="${step}"` : `step="${step}"`;
    this.store.push(t_ms, source, metric, value, withStep);
  }

  /** Sample the load generator's process from now on. */
  setClient(pid: number | undefined): void {
    this.clientPid = pid;
  }

  /**
   * Each replica of a replicated target, read directly: its /proc memory and CPU labelled apiserver="i", and, as the
   * figures' series, the sum over the replicas running, the largest of them and how many ran.
   */
  private async sampleReplicaProcs(): Promise<void> {
    const replicas = this.target.replicas ?? [];
    const read = await Promise.all(
      replicas.map(async (r) => {
        const pid = r.pid();
        return pid ? { mem: await readProcMemory(pid), cpu: await readProcCpuSeconds(pid) } : {};
      }),
    );
    const rss: number[] = [];
    read.forEach(({ mem, cpu }, i) => {
      const labels = `apiserver="${i}"`;
      if (mem) {
        rss.push(mem.vmRSSBytes);
        this.push('proc', 'apiserver_rss_bytes', mem.vmRSSBytes, labels);
      }
      if (cpu !== undefined) this.push('proc', 'apiserver_cpu_seconds', cpu, labels);
    });
    this.push('proc', 'apiserver_replicas', rss.length);
    if (!rss.length) return;
    const largest = Math.max(...rss);
    this.push(
      'proc',
      'apiserver_rss_bytes',
      rss.reduce((a, b) => a + b, 0),
    );
    this.push('proc', 'apiserver_rss_max_replica_bytes', largest);
    this.onApiserverRss?.(largest);
  }

  /** Each replica's /metrics, read directly and labelled apiserver="i"; one that is down is skipped. */
  private async sampleReplicaMetrics(): Promise<void> {
    const replicas = this.target.replicas ?? [];
    await Promise.all(
      replicas.map(async (r, i) => {
        if (!r.pid()) return;
        const res = await targetGet(r.connection, '/metrics').catch(() => undefined);
        if (res?.status !== 200) return;
        for (const x of pickMetricSamples(parsePromText(res.body)))
          this.push('metrics', x.metric, x.value, x.labels ? `${x.labels},apiserver="${i}"` : `apiserver="${i}"`);
      }),
    );
  }

  private async sampleProc(): Promise<void> {
    if (this.target.replicas) await this.sampleReplicaProcs();
    const { apiserver, etcd } = this.target.pids;
    const [api, apiCpu, etcdMem, etcdCpu, client, clientCpu] = await Promise.all([
      apiserver ? readProcMemory(apiserver) : undefined,
      apiserver ? readProcCpuSeconds(apiserver) : undefined,
      etcd ? readProcMemory(etcd) : undefined,
      etcd ? readProcCpuSeconds(etcd) : undefined,
      this.clientPid ? readProcMemory(this.clientPid) : undefined,
      this.clientPid ? readProcCpuSeconds(this.clientPid) : undefined,
    ]);
    if (api) {
      this.push('proc', 'apiserver_rss_bytes', api.vmRSSBytes);
      this.push('proc', 'apiserver_hwm_bytes', api.vmHWMBytes);
      this.onApiserverRss?.(api.vmRSSBytes);
    }
    if (apiCpu !== undefined) this.push('proc', 'apiserver_cpu_seconds', apiCpu);
    if (etcdMem) this.push('proc', 'etcd_rss_bytes', etcdMem.vmRSSBytes);
    if (etcdCpu !== undefined) this.push('proc', 'etcd_cpu_seconds', etcdCpu);
    if (client) this.push('proc', 'client_rss_bytes', client.vmRSSBytes);
    if (clientCpu !== undefined) this.push('proc', 'client_cpu_seconds', clientCpu);
  }

  private async sampleMetrics(): Promise<void> {
    if (this.target.replicas) return this.sampleReplicaMetrics();
    try {
      const res = await targetGet(this.target, '/metrics');
      if (res.status === 403) throw new Error('GET /metrics was denied (403): the credentials need `get` on the non-resource URL /metrics');
      if (res.status !== 200) throw new Error(`GET /metrics returned ${res.status}`);
      const parsed = parsePromText(res.body);
      const started = parsed.find((s) => s.name === 'process_start_time_seconds');
      if (started) this.startTimes.add(started.value);
      for (const s of pickMetricSamples(parsed)) {
        this.push('metrics', s.metric, s.value, s.labels);
        // Without a local pid, the apiserver's own RSS gauge is the memory figure.
        if (s.metric === 'process_resident_memory_bytes' && !this.target.pids.apiserver) {
          this.push('metrics', 'apiserver_rss_bytes', s.value);
          this.onApiserverRss?.(s.value);
        }
      }
      for (const x of (await this.target.sampleExtra?.()) ?? []) this.push('metrics', x.metric, x.value, x.labels);
    } catch (e) {
      this.metricsError ??= (e as Error).message;
    }
  }

  /** A first scrape that must work, so a denied /metrics fails the run early with its reason. */
  async checkMetrics(): Promise<void> {
    await this.sampleMetrics();
    if (this.metricsError) throw new Error(`sampler: ${this.metricsError}`);
  }

  start(): void {
    const loop = (fn: () => Promise<void>, ms: number) => {
      let busy = false;
      this.timers.push(
        setInterval(() => {
          if (busy) return;
          busy = true;
          void fn().finally(() => (busy = false));
        }, ms),
      );
    };
    // /proc is read even without an apiserver pid (a remote target): the client's own cost is always local.
    loop(() => this.sampleProc(), 100);
    loop(() => this.sampleMetrics(), 500);
  }

  /** One last scrape when the load has ended, so short loads still show their end state. */
  async final(): Promise<void> {
    await Promise.all([this.sampleProc(), this.sampleMetrics()]);
  }

  stop(): { rows: SampleRow[]; error?: string; startTimes: number[] } {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    return { rows: this.store.rows(this.base), error: this.metricsError, startTimes: [...this.startTimes].sort((a, b) => a - b) };
  }
}
