// The metrics judged per repetition (by compare, the run summary, the report and the history), all "lower is better".
import { formatBytes } from '../workload/units.js';
import type { RepFigures } from './rep-figures.js';

export interface MetricDef {
  key: string;
  /** for sentences: "used 9.8 × less <label>" */
  label: string;
  unit: 'bytes' | 'ms' | 'seconds' | 'count';
  of: (r: RepFigures) => number;
  /** counted by --fail-on-regression unless --gate names others */
  gated: boolean;
  /** a change smaller than this, in the metric's unit, is not called a change: the noise floor of how it is measured */
  floor?: number;
  /** events that a healthy run has none or few of: compared as rates per repetition (an exact test), not as a ratio */
  events?: boolean;
}

// A sync is timed by k6 from its own event loop, which on a shared runner is late by a few milliseconds at times.
const SYNC_FLOOR_MS = 5;

export const METRICS: MetricDef[] = [
  { key: 'apiserver_rss_peak_bytes', label: 'peak apiserver memory', unit: 'bytes', of: (r) => r.rssPeakBytes, gated: true },
  { key: 'apiserver_rss_growth_bytes', label: 'apiserver memory growth', unit: 'bytes', of: (r) => r.rssGrowthBytes, gated: true },
  { key: 'apiserver_heap_peak_bytes', label: 'peak apiserver heap', unit: 'bytes', of: (r) => r.heapPeakBytes, gated: false },
  { key: 'time_to_synced_p50_ms', label: 'time to synced (p50)', unit: 'ms', of: (r) => r.syncedP50Ms, gated: false, floor: SYNC_FLOOR_MS },
  { key: 'time_to_synced_p99_ms', label: 'time to synced (p99)', unit: 'ms', of: (r) => r.syncedP99Ms, gated: true, floor: SYNC_FLOOR_MS },
  { key: 'list_latency_p50_ms', label: 'LIST latency (p50)', unit: 'ms', of: (r) => r.listP50Ms, gated: false },
  { key: 'list_latency_p99_ms', label: 'LIST latency (p99)', unit: 'ms', of: (r) => r.listP99Ms, gated: true },
  { key: 'watch_first_event_p50_ms', label: 'time to first watch event (p50)', unit: 'ms', of: (r) => r.watchP50Ms, gated: false },
  { key: 'watch_first_event_p99_ms', label: 'time to first watch event (p99)', unit: 'ms', of: (r) => r.watchP99Ms, gated: false },
  { key: 'list_response_bytes', label: 'bytes per LIST response', unit: 'bytes', of: (r) => r.listResponseBytes, gated: false },
  { key: 'bytes_received', label: 'bytes received', unit: 'bytes', of: (r) => r.bytesReceived, gated: false },
  { key: 'errors', label: 'request errors', unit: 'count', of: (r) => r.errors, gated: true, events: true },
  // Reported, not gated by default: in the A/A run (bench:aa, mock, 12 reps) its CV was 11% and it alone called
  // 6 of 80 no-change comparisons changed; a 10% CPU change needs ~21-25 repetitions a side to catch. --gate adds it.
  { key: 'apiserver_cpu_seconds', label: 'apiserver CPU', unit: 'seconds', of: (r) => r.apiserverCpuSeconds, gated: false },
  { key: 'apiserver_allocated_bytes', label: 'apiserver allocations', unit: 'bytes', of: (r) => r.apiserverAllocatedBytes, gated: false },
  { key: 'apiserver_gc_cycles', label: 'apiserver GC cycles', unit: 'count', of: (r) => r.apiserverGcCycles, gated: false },
  { key: 'terminated_watchers', label: 'terminated watchers', unit: 'count', of: (r) => r.terminatedWatchers, gated: false, events: true },
  {
    key: 'apf_rejected_requests',
    label: 'requests rejected by priority and fairness',
    unit: 'count',
    of: (r) => r.apfRejectedRequests,
    gated: false,
    events: true,
  },
  // API Priority and Fairness on the load's flow schemas: what the load cost in seats. Reported, not gated.
  { key: 'apf_seats_per_request', label: 'APF seats per request', unit: 'count', of: (r) => r.apfSeatsPerRequest, gated: false },
  { key: 'apf_seats_total', label: 'APF seats in all', unit: 'count', of: (r) => r.apfSeatsTotal, gated: false },
  {
    key: 'apf_list_seats_per_request',
    label: 'APF seats per LIST',
    unit: 'count',
    of: (r) => r.apfListSeatsPerRequest,
    gated: false,
  },
  {
    key: 'apf_watch_seats_per_request',
    label: 'APF seats per WATCH',
    unit: 'count',
    of: (r) => r.apfWatchSeatsPerRequest,
    gated: false,
  },
  { key: 'apf_wait_mean_ms', label: 'APF time in queue (mean)', unit: 'ms', of: (r) => r.apfWaitMeanMs, gated: false },
  { key: 'etcd_cpu_seconds', label: 'etcd CPU', unit: 'seconds', of: (r) => r.etcdCpuSeconds, gated: false },
  { key: 'client_cpu_seconds', label: 'client (engine) CPU', unit: 'seconds', of: (r) => r.clientCpuSeconds, gated: false },
  { key: 'client_rss_peak_bytes', label: 'peak client (engine) memory', unit: 'bytes', of: (r) => r.clientRssPeakBytes, gated: false },
  {
    key: 'client_cpu_seconds_per_gb',
    label: 'client CPU per GB received',
    unit: 'seconds',
    of: (r) => r.clientCpuSecondsPerGB,
    gated: false,
  },
];

export function metricByKey(key: string): MetricDef {
  const m = METRICS.find((x) => x.key === key);
  if (!m) throw new Error(`unknown metric "${key}" (known: ${METRICS.map((x) => x.key).join(', ')})`);
  return m;
}

/** "used" for amounts, "took" for times: "streaming took 1.72× more time to synced (p50) than legacy". */
export function verbOf(m: MetricDef): string {
  return m.unit === 'ms' ? 'took' : 'used';
}

export function formatValue(v: number, unit: MetricDef['unit']): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (unit === 'bytes') return formatBytes(v);
  if (unit === 'ms') return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
  if (unit === 'seconds') return `${v.toFixed(2)} s`;
  return v.toFixed(v % 1 ? 1 : 0);
}
