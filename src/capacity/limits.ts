// Pass/fail conditions of a capacity probe: "apiserver_rss_bytes<=2GiB", "time_to_synced_p99<=30s".
import type { RepFigures } from '../metrics/rep-figures.js';
import { parseBytesValue, parseDurationValue } from '../workload/units.js';

interface LimitMetric {
  unit: 'bytes' | 'ms' | 'count';
  of: (r: RepFigures) => number;
}

const LIMIT_METRICS: Record<string, LimitMetric> = {
  apiserver_rss_bytes: { unit: 'bytes', of: (r) => r.rssPeakBytes },
  apiserver_rss_growth_bytes: { unit: 'bytes', of: (r) => r.rssGrowthBytes },
  apiserver_heap_bytes: { unit: 'bytes', of: (r) => r.heapPeakBytes },
  time_to_synced_p50: { unit: 'ms', of: (r) => r.syncedP50Ms },
  time_to_synced_p99: { unit: 'ms', of: (r) => r.syncedP99Ms },
  list_latency_p99: { unit: 'ms', of: (r) => r.listP99Ms },
  errors: { unit: 'count', of: (r) => r.errors },
};

export interface Limit {
  text: string;
  metric: string;
  op: '<=' | '<';
  threshold: number;
  unit: LimitMetric['unit'];
  of: (r: RepFigures) => number;
}

/** The flag name goes into the error so the user knows which expression to fix. */
export function parseLimit(text: string, flag: string): Limit {
  const m = /^\s*([a-z0-9_]+)\s*(<=|<)\s*(.+?)\s*$/.exec(text);
  const metric = m ? LIMIT_METRICS[m[1]!] : undefined;
  if (!m || !metric) {
    throw new Error(
      `${flag} "${text}": expected <metric><=<value> with metric one of ${Object.keys(LIMIT_METRICS).join(', ')}, e.g. "apiserver_rss_bytes<=2GiB" or "time_to_synced_p99<=30s"`,
    );
  }
  const raw = m[3]!;
  const threshold =
    metric.unit === 'bytes'
      ? parseBytesValue(raw)
      : metric.unit === 'ms'
        ? parseDurationValue(raw)
        : /^\d+$/.test(raw)
          ? Number(raw)
          : undefined;
  if (threshold === undefined)
    throw new Error(
      `${flag} "${text}": ${m[1]} takes a ${metric.unit === 'bytes' ? 'size like 2GiB' : metric.unit === 'ms' ? 'duration like 30s' : 'whole number'}, got "${raw}"`,
    );
  return { text: text.trim(), metric: m[1]!, op: m[2] as Limit['op'], threshold, unit: metric.unit, of: metric.of };
}

/** The first limit a repetition breaks, as a sentence; undefined when all hold. */
export function brokenLimit(limits: Limit[], r: RepFigures): string | undefined {
  for (const l of limits) {
    const v = l.of(r);
    if (!Number.isFinite(v)) return `${l.metric} was not measured`;
    if (l.op === '<=' ? v > l.threshold : v >= l.threshold) return `${l.metric} ${Math.round(v)} broke ${l.text}`;
  }
  return undefined;
}
