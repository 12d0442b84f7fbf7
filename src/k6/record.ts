// Every observation leaves k6 as one sample of ksb_request_duration_ms, its other fields as tags;
// the harness turns these samples into requests.csv rows.
import { Trend } from 'k6/metrics';

const requestDuration = new Trend('ksb_request_duration_ms', true);
const timeToSynced = new Trend('ksb_time_to_synced_ms', true);

export type Op = 'list' | 'watch' | 'watchlist' | 'reconnect' | 'patch';

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

function tag(v: number | undefined): string {
  return v === undefined || !isFinite(v) ? '' : String(Math.round(v * 1000) / 1000);
}

export function record(o: Observation, variant: string): void {
  requestDuration.add(o.durationMs, {
    variant,
    scenario: o.scenario,
    op: o.op,
    status: String(o.status),
    ttfb_ms: tag(o.ttfbMs),
    bytes: tag(o.bytes),
    objects: tag(o.objects),
    error: o.error ? o.error.slice(0, 200) : '',
    informer: o.informer === undefined ? '' : String(o.informer),
  });
}

export function recordSynced(scenario: string, variant: string, ms: number, informer: number): void {
  timeToSynced.add(ms, { variant, scenario, informer: String(informer) });
}
