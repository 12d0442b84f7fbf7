// Every observation leaves k6 as one sample of ksb_request_duration_ms. Only low-cardinality fields are tags
// (each distinct tag set is a k6 time series held for the whole run); per-observation values travel as sample
// metadata, which k6 writes to its JSON output without indexing. The Go client (k6/x/kube) emits the same.
import exec from 'k6/execution';
import { Trend } from 'k6/metrics';

const requestDuration = new Trend('ksb_request_duration_ms', true);
const timeToSynced = new Trend('ksb_time_to_synced_ms', true);

type Op = 'list' | 'watch' | 'watchlist' | 'reconnect' | 'patch';

export interface Observation {
  scenario: string;
  op: Op;
  status: number;
  durationMs: number;
  ttfbMs?: number;
  bytes?: number;
  objects?: number;
  error?: string;
  informer?: number;
}

function num(v: number | undefined): string | undefined {
  return v === undefined || !isFinite(v) ? undefined : String(Math.round(v * 1000) / 1000);
}

/** Adds one sample with `metadata` attached to it alone (set and cleared around the synchronous add). */
function addWithMetadata(metric: Trend, value: number, tags: Record<string, string>, metadata: Record<string, string | undefined>): void {
  const md = exec.vu.metrics.metadata;
  const keys = Object.keys(metadata).filter((k) => metadata[k] !== undefined);
  for (const k of keys) md[k] = metadata[k]!;
  try {
    metric.add(value, tags);
  } finally {
    for (const k of keys) delete md[k];
  }
}

export function record(o: Observation, variant: string): void {
  addWithMetadata(
    requestDuration,
    o.durationMs,
    { variant, scenario: o.scenario, op: o.op, status: String(o.status) },
    {
      ttfb_ms: num(o.ttfbMs),
      bytes: num(o.bytes),
      objects: num(o.objects),
      error: o.error ? o.error.slice(0, 200) : undefined,
      informer: o.informer === undefined ? undefined : String(o.informer),
    },
  );
}

export function recordSynced(scenario: string, variant: string, ms: number, informer: number): void {
  addWithMetadata(timeToSynced, ms, { variant, scenario }, { informer: String(informer) });
}
