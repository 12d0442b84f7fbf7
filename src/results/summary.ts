// From samples and requests to per-repetition figures and summary.csv rows.
import { max, mean, percentile } from '../stats/stats.js';
import type { RequestRow, SampleRow, SummaryRow } from './rows.js';
import type { ApfScope, RepFigures, TargetDeath } from '../metrics/rep-figures.js';
import { usableValues } from './target-end.js';

/**
 * The rows of one figure from its best source: /proc of the local process, else Prometheus's sum over replicas
 * (--prometheus-url), else the direct /metrics scrape. Sources are never mixed in one figure.
 */
function bestSource(samples: SampleRow[], metric: string): SampleRow[] {
  const xs = samples.filter((s) => s.metric === metric);
  for (const source of ['proc', 'prometheus'] as const) {
    const mine = xs.filter((s) => s.source === source);
    if (mine.length) return mine;
  }
  return xs;
}

/**
 * Growth over the load of one cumulative series (samples in time order), from the last value before the load (0 for
 * a series first seen during it). A drop is the process behind it restarting (a reconnect storm's target restart):
 * its counter began again at zero, so its new value is growth, as Prometheus's increase() reads a reset. NaN when
 * nothing was sampled during the load.
 */
export function counterIncrease(xs: SampleRow[]): number {
  const during = xs.filter((s) => s.t_ms >= 0);
  if (!during.length) return NaN;
  let previous = xs.filter((s) => s.t_ms < 0).at(-1)?.value ?? 0;
  let total = 0;
  for (const s of during) {
    total += s.value >= previous ? s.value - previous : s.value;
    previous = s.value;
  }
  return total;
}

/** Growth over the load of counter rows, summed over their label sets (one series each); NaN where none grew. */
function seriesIncrease(rows: SampleRow[]): number {
  const series = new Map<string, SampleRow[]>();
  for (const s of rows) series.set(s.labels, [...(series.get(s.labels) ?? []), s]);
  const grew = [...series.values()].map(counterIncrease).filter((x) => !Number.isNaN(x));
  return grew.length ? grew.reduce((a, b) => a + b, 0) : NaN;
}

const counterDelta = (samples: SampleRow[], metric: string): number => seriesIncrease(bestSource(samples, metric));

const firstDefined = (...xs: number[]): number => xs.find((x) => !Number.isNaN(x)) ?? NaN;
const zeroIfAbsent = (x: number): number => (Number.isNaN(x) ? 0 : x);

const HEAP_METRICS = new Set(['go_memstats_heap_inuse_bytes', 'nodejs_heap_size_used_bytes']);

/** Mean LIST response size during the load: growth of apiserver_response_sizes sum over count, from the
 * last scrape before the load to the last one. */
function serverListBytes(samples: SampleRow[]): number {
  const series = (metric: string) => samples.filter((s) => s.metric === metric && s.labels.startsWith('verb="LIST"'));
  const delta = (metric: string) => {
    const xs = series(metric);
    const before = xs.filter((s) => s.t_ms < 0).at(-1) ?? xs[0];
    const last = xs.at(-1);
    return before && last && last !== before ? last.value - before.value : NaN;
  };
  const lists = delta('apiserver_response_sizes_count');
  return lists > 0 ? delta('apiserver_response_sizes_sum') / lists : NaN;
}

const flowSchemaOf = (labels: string): string | undefined => /flow_schema="([^"]*)"/.exec(labels)?.[1];

/**
 * Growth over the load of an APF counter, summed over the series of the given flow schemas. NaN where the server
 * exposed no such family at all; a series first seen during the load grew from zero (APF creates it on first use).
 */
function apfDelta(samples: SampleRow[], metric: string, schemas: string[]): number {
  const family = samples.filter((s) => s.metric === metric && s.source === 'metrics');
  if (!family.length) return NaN;
  const grew = seriesIncrease(family.filter((s) => schemas.includes(flowSchemaOf(s.labels) ?? '')));
  return Number.isNaN(grew) ? 0 : grew;
}

/** Requests, seats and time in queue of the load's flow schemas over the load. */
function apfFigures(samples: SampleRow[], scope: ApfScope | undefined) {
  const of = (schemas: string[]) => {
    if (!schemas.length) return { requests: NaN, seats: NaN, perRequest: NaN, waitMs: NaN };
    const estimated = apfDelta(samples, 'apiserver_flowcontrol_work_estimated_seats_count', schemas);
    const seats = apfDelta(samples, 'apiserver_flowcontrol_work_estimated_seats_sum', schemas);
    const dispatched = apfDelta(samples, 'apiserver_flowcontrol_dispatched_requests_total', schemas);
    const waited = apfDelta(samples, 'apiserver_flowcontrol_request_wait_duration_seconds_count', schemas);
    return {
      // dispatched where the server counts it per schema; else the requests estimated (the same, less any rejected)
      requests: dispatched > 0 ? dispatched : estimated,
      seats,
      perRequest: estimated > 0 ? seats / estimated : NaN,
      waitMs: waited > 0 ? (apfDelta(samples, 'apiserver_flowcontrol_request_wait_duration_seconds_sum', schemas) / waited) * 1000 : NaN,
    };
  };
  return { all: of(scope?.schemas ?? []), list: of(scope?.list ? [scope.list] : []), watch: of(scope?.watch ? [scope.watch] : []) };
}

/** A sync is a legacy informer's initial LIST, or a WatchList up to its initial-events-end bookmark. */
function isSync(r: RequestRow, informerScenarios: Set<string>): boolean {
  return !r.error && (r.op === 'watchlist' || (r.op === 'list' && informerScenarios.has(r.scenario)));
}

const isList = (r: RequestRow) => r.op === 'list' && !r.error;

/** The latencies the figures read from requests, each filtered once: per repetition and per variant alike. */
interface Latencies {
  synced: number[];
  lists: number[];
  listTtfb: number[];
  firstEvents: number[];
  reconnects: number[];
}

function latencies(requests: RequestRow[], informerScenarios: Set<string>): Latencies {
  const ttfb = (rs: RequestRow[]) => rs.filter((r) => r.ttfb_ms !== '').map((r) => Number(r.ttfb_ms));
  const lists = requests.filter(isList);
  return {
    synced: requests.filter((r) => isSync(r, informerScenarios)).map((r) => r.duration_ms),
    lists: lists.map((r) => r.duration_ms),
    listTtfb: ttfb(lists),
    firstEvents: ttfb(requests.filter((r) => (r.op === 'watch' || r.op === 'watchlist') && !r.error)),
    reconnects: requests.filter((r) => r.op === 'reconnect').map((r) => r.duration_ms),
  };
}

/** The apiserver's memory over the load: RSS baseline, peak and growth, heap peak, and replicas from Prometheus. */
function memoryFigures(samples: SampleRow[]): Pick<RepFigures, 'rssBaselineBytes' | 'rssPeakBytes' | 'rssGrowthBytes' | 'rssPeakMaxReplicaBytes' | 'apiserverReplicas' | 'replicaSource' | 'heapPeakBytes'> {
  // A replicated local target's per-replica rows (apiserver="i") are not the figure; their sum, unlabelled, is.
  const rss = bestSource(samples, 'apiserver_rss_bytes').filter((s) => !s.labels.includes('apiserver="'));
  const before = rss.filter((s) => s.t_ms < 0).map((s) => s.value);
  const during = rss.filter((s) => s.t_ms >= 0).map((s) => s.value);
  const baseline = before.length ? mean(before) : (rss[0]?.value ?? NaN);
  const peak = during.length ? max(during) : NaN;
  // Prometheus's apiserver heap is the sum over replicas; its per-replica rows (etcd's too) are not the figure.
  const promHeap = samples.filter((s) => s.source === 'prometheus' && s.metric === 'apiserver_heap_inuse_bytes');
  const heapRows = promHeap.length ? promHeap : samples.filter((s) => HEAP_METRICS.has(s.metric) && s.source !== 'prometheus');
  const heap = heapRows.filter((s) => s.t_ms >= 0).map((s) => s.value);
  const during0 = (metric: string) =>
    samples.filter((s) => s.source === rss[0]?.source && s.metric === metric && s.t_ms >= 0).map((s) => s.value);
  // Replica figures where the memory figure itself is a sum over replicas: Prometheus's, or /proc's of a replicated
  // local target (a single local process has no such rows).
  const maxReplica = during0('apiserver_rss_max_replica_bytes');
  const replicas = during0('apiserver_replicas');
  return {
    rssBaselineBytes: baseline,
    rssPeakBytes: peak,
    rssGrowthBytes: peak - baseline,
    rssPeakMaxReplicaBytes: maxReplica.length ? max(maxReplica) : NaN,
    apiserverReplicas: replicas.length ? max(replicas) : NaN,
    ...(replicas.length && (rss[0]?.source === 'prometheus' || rss[0]?.source === 'proc') ? { replicaSource: rss[0].source } : {}),
    heapPeakBytes: heap.length ? max(heap) : NaN,
  };
}

export function repFigures(
  variant: string,
  rep: number,
  samples: SampleRow[],
  requests: RequestRow[],
  informerScenarios: Set<string>,
  apf?: ApfScope,
): RepFigures {
  const flow = apfFigures(samples, apf);
  const { synced, lists, firstEvents } = latencies(requests, informerScenarios);
  const bytesReceived = requests.some((r) => isList(r) && r.bytes === '') ? NaN : requests.reduce((a, r) => a + (r.bytes === '' ? 0 : Number(r.bytes)), 0);
  const clientCpu = counterDelta(samples, 'client_cpu_seconds');
  const clientRss = samples.filter((s) => s.metric === 'client_rss_bytes').map((s) => s.value);
  return {
    variant,
    rep,
    ...memoryFigures(samples),
    syncedP50Ms: percentile(synced, 50),
    syncedP99Ms: percentile(synced, 99),
    listP50Ms: percentile(lists, 50),
    listP99Ms: percentile(lists, 99),
    watchP50Ms: percentile(firstEvents, 50),
    watchP99Ms: percentile(firstEvents, 99),
    bytesReceived,
    listResponseBytes: serverListBytes(samples),
    syncs: synced.length,
    errors: requests.filter((r) => r.error).length,
    apiserverCpuSeconds: counterDelta(samples, 'apiserver_cpu_seconds'),
    etcdCpuSeconds: counterDelta(samples, 'etcd_cpu_seconds'),
    clientCpuSeconds: clientCpu,
    clientRssPeakBytes: clientRss.length ? max(clientRss) : NaN,
    clientCpuSecondsPerGB: bytesReceived > 0 ? clientCpu / (bytesReceived / 1e9) : NaN,
    apiserverAllocatedBytes: counterDelta(samples, 'go_memstats_alloc_bytes_total'),
    apiserverGcCycles: firstDefined(counterDelta(samples, 'go_gc_duration_seconds_count'), counterDelta(samples, 'nodejs_gc_duration_seconds_count')),
    // Families that appear only once something is observed: absent during the load means none happened.
    terminatedWatchers: zeroIfAbsent(counterDelta(samples, 'apiserver_terminated_watchers_total')),
    apfRejectedRequests: zeroIfAbsent(counterDelta(samples, 'apiserver_flowcontrol_rejected_requests_total')),
    apfRequests: flow.all.requests,
    apfSeatsTotal: flow.all.seats,
    apfSeatsPerRequest: flow.all.perRequest,
    apfWaitMeanMs: flow.all.waitMs,
    apfListRequests: flow.list.requests,
    apfListSeatsPerRequest: flow.list.perRequest,
    apfWatchRequests: flow.watch.requests,
    apfWatchSeatsPerRequest: flow.watch.perRequest,
    ...(apf ? { apf } : {}),
  };
}

function row(run_id: string, variant: string, metric: string, unit: string, xs: number[]): SummaryRow | undefined {
  const vals = xs.filter((x) => Number.isFinite(x));
  if (!vals.length) return undefined;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { run_id, variant, metric, n: vals.length, mean: r(mean(vals)), p50: r(percentile(vals, 50)), p90: r(percentile(vals, 90)), p99: r(percentile(vals, 99)), max: r(max(vals)), unit };
}

/** A summary row from each repetition's figure: a dead repetition's only where it is a lower bound (target-end.ts). */
interface FigureRow {
  metric: string;
  unit: string;
  of: (r: RepFigures) => number;
}

/** A summary row from every request of the variant's whole repetitions. */
interface LatencyRow {
  metric: string;
  unit: string;
  latency: keyof Latencies;
}

/** summary.csv's rows, in order. */
const SUMMARY: Array<FigureRow | LatencyRow> = [
  { metric: 'apiserver_rss_peak_bytes', unit: 'bytes', of: (r) => r.rssPeakBytes },
  { metric: 'apiserver_rss_growth_bytes', unit: 'bytes', of: (r) => r.rssGrowthBytes },
  // With --prometheus-url the peak above is the sum over replicas; this is the largest single replica's.
  { metric: 'apiserver_rss_peak_max_replica_bytes', unit: 'bytes', of: (r) => r.rssPeakMaxReplicaBytes },
  { metric: 'apiserver_replicas', unit: 'count', of: (r) => r.apiserverReplicas },
  { metric: 'apiserver_heap_peak_bytes', unit: 'bytes', of: (r) => r.heapPeakBytes },
  { metric: 'errors', unit: 'count', of: (r) => r.errors },
  { metric: 'time_to_synced_ms', unit: 'ms', latency: 'synced' },
  { metric: 'list_duration_ms', unit: 'ms', latency: 'lists' },
  { metric: 'list_ttfb_ms', unit: 'ms', latency: 'listTtfb' },
  { metric: 'watch_first_event_ms', unit: 'ms', latency: 'firstEvents' },
  { metric: 'reconnect_ms', unit: 'ms', latency: 'reconnects' },
  { metric: 'apiserver_cpu_seconds', unit: 'seconds', of: (r) => r.apiserverCpuSeconds },
  { metric: 'etcd_cpu_seconds', unit: 'seconds', of: (r) => r.etcdCpuSeconds },
  { metric: 'client_cpu_seconds', unit: 'seconds', of: (r) => r.clientCpuSeconds },
  { metric: 'client_rss_peak_bytes', unit: 'bytes', of: (r) => r.clientRssPeakBytes },
  { metric: 'client_cpu_seconds_per_gb', unit: 'seconds', of: (r) => r.clientCpuSecondsPerGB },
  { metric: 'apiserver_allocated_bytes', unit: 'bytes', of: (r) => r.apiserverAllocatedBytes },
  { metric: 'apiserver_gc_cycles', unit: 'count', of: (r) => r.apiserverGcCycles },
  { metric: 'terminated_watchers', unit: 'count', of: (r) => r.terminatedWatchers },
  { metric: 'apf_rejected_requests', unit: 'count', of: (r) => r.apfRejectedRequests },
  { metric: 'apf_requests', unit: 'count', of: (r) => r.apfRequests },
  { metric: 'apf_seats_total', unit: 'count', of: (r) => r.apfSeatsTotal },
  { metric: 'apf_seats_per_request', unit: 'count', of: (r) => r.apfSeatsPerRequest },
  { metric: 'apf_wait_mean_ms', unit: 'ms', of: (r) => r.apfWaitMeanMs },
  { metric: 'apf_list_seats_per_request', unit: 'count', of: (r) => r.apfListSeatsPerRequest },
  { metric: 'apf_watch_seats_per_request', unit: 'count', of: (r) => r.apfWatchSeatsPerRequest },
];

export function summaryRows(run_id: string, variant: string, reps: RepFigures[], requests: RequestRow[], informerScenarios: Set<string>): SummaryRow[] {
  const all = reps.filter((r) => r.variant === variant);
  // A repetition whose target (or engine) died keeps its peaks and counters (lower bounds); its requests were cut off.
  const cut = new Set(all.filter((r) => r.targetDeath).map((r) => r.rep));
  const lat = latencies(
    requests.filter((r) => r.variant === variant && !cut.has(r.rep)),
    informerScenarios,
  );
  const rows = [
    ...SUMMARY.map((d) => row(run_id, variant, d.metric, d.unit, 'of' in d ? usableValues(all, d.metric, d.of) : lat[d.latency])),
    ...(reps.some((r) => r.targetDeath) ? deathRows(run_id, variant, all, reps.some((r) => r.targetDeath?.kind === 'engine-died')) : []),
  ];
  return rows.filter((r): r is SummaryRow => r !== undefined);
}

/** How many repetitions were cut off, and how, where any repetition of the run was. */
function deathRows(run_id: string, variant: string, all: RepFigures[], engineDied: boolean): Array<SummaryRow | undefined> {
  const count = (metric: string, is: (d: TargetDeath) => boolean) =>
    row(run_id, variant, metric, 'count', all.map((r) => (r.targetDeath && is(r.targetDeath) ? 1 : 0)));
  return [
    count('target_oom_killed', (d) => d.kind === 'oom-killed'),
    count('target_crashed', (d) => d.kind !== 'engine-died'),
    ...(engineDied ? [count('engine_died', (d) => d.kind === 'engine-died')] : []),
    row(run_id, variant, 'informers_synced', 'count', all.map((r) => Math.min(r.syncs, r.informersPlanned ?? r.syncs))),
  ];
}

/** Peak apiserver RSS per step of a step-wise load, per repetition (from the samples' step labels). */
export function stepPeaks(samples: SampleRow[]): Array<{ variant: string; rep: number; step: number; peakBytes: number }> {
  const peaks = new Map<string, { variant: string; rep: number; step: number; peakBytes: number }>();
  for (const s of samples) {
    if (s.metric !== 'apiserver_rss_bytes' || s.labels.includes('apiserver="')) continue;
    const m = /step="(\d+)"/.exec(s.labels);
    if (!m) continue;
    const key = `${s.variant}|${s.rep}|${m[1]}`;
    const cur = peaks.get(key);
    if (!cur || s.value > cur.peakBytes) peaks.set(key, { variant: s.variant, rep: s.rep, step: Number(m[1]), peakBytes: s.value });
  }
  return [...peaks.values()].sort((a, b) => a.variant.localeCompare(b.variant) || a.step - b.step || a.rep - b.rep);
}

export function stepSummaryRows(run_id: string, variant: string, samples: SampleRow[]): SummaryRow[] {
  const byStep = new Map<number, number[]>();
  for (const p of stepPeaks(samples.filter((s) => s.variant === variant))) byStep.set(p.step, [...(byStep.get(p.step) ?? []), p.peakBytes]);
  return [...byStep.entries()].map(([step, xs]) => row(run_id, variant, `apiserver_rss_peak_bytes_step_${step}`, 'bytes', xs)).filter((r): r is SummaryRow => r !== undefined);
}
