// The result file rows. Column order is fixed here and is the order in the CSV files.

export const SAMPLE_COLUMNS = ['run_id', 'variant', 'rep', 't_ms', 'source', 'metric', 'value', 'labels'] as const;
export const REQUEST_COLUMNS = ['run_id', 'variant', 'rep', 't_ms', 'scenario', 'op', 'status', 'duration_ms', 'ttfb_ms', 'bytes', 'objects', 'error'] as const;
export const SUMMARY_COLUMNS = ['run_id', 'variant', 'metric', 'n', 'mean', 'p50', 'p90', 'p99', 'max', 'unit'] as const;

/**
 * proc: /proc of a local process; metrics: a direct /metrics scrape; prometheus: PromQL (--prometheus-url); engine: its
 * own output; bystander: the bystander's own requests (--bystander)
 */
type SampleSource = 'proc' | 'metrics' | 'prometheus' | 'engine' | 'bystander';

/** The names samples.csv had while k6 was the only engine, and those of the client they became. */
const K6_ERA_NAMES: Record<string, string> = { k6_cpu_seconds: 'client_cpu_seconds', k6_rss_bytes: 'client_rss_bytes', k6_vus: 'client_vus' };

/** A sample's source and metric as this version names them, so runs written before the rename still read and compare. */
export function currentNames(source: string, metric: string): Pick<SampleRow, 'source' | 'metric'> {
  return { source: (source === 'k6' ? 'engine' : source) as SampleSource, metric: K6_ERA_NAMES[metric] ?? metric };
}

export interface SampleRow {
  run_id: string;
  variant: string;
  rep: number;
  /** ms since this repetition's load started (negative: the baseline before it) */
  t_ms: number;
  source: SampleSource;
  metric: string;
  value: number;
  /** Prometheus-style label set, e.g. request_kind="readOnly"; empty when none */
  labels: string;
}

export type Op = 'list' | 'watch' | 'watchlist' | 'reconnect' | 'patch';

export interface RequestRow {
  run_id: string;
  variant: string;
  rep: number;
  t_ms: number;
  scenario: string;
  op: Op;
  /** HTTP status; 101 for a WebSocket watch that opened; 0 when no response came */
  status: number;
  duration_ms: number;
  /** time to first byte (LIST) or first event (watch); empty when there was none */
  ttfb_ms: number | '';
  /** body bytes; empty for a discarded LIST body the server streamed without Content-Length */
  bytes: number | '';
  /** items (LIST with body read) or events (watch); empty when the body was discarded */
  objects: number | '';
  error: string;
}

export interface SummaryRow {
  run_id: string;
  variant: string;
  metric: string;
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  unit: string;
}
