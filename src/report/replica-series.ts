// The data behind the charts of a run on several apiservers: each apiserver's RSS over time (its rows labelled
// apiserver="i", from /proc of a local target or from Prometheus for a kubeconfig one), what happened to each
// (run.json's apiserver_events) at its time, and the bystander's share of good answers over time.
import type { SampleRow } from '../results/rows.js';
import type { SeriesSide } from './series.js';

export interface ReplicaPoint {
  apiserver: string;
  rep: number;
  t_s: number;
  rss_mib: number;
}

export interface ReplicaEvent {
  apiserver: string;
  rep: number;
  t_s: number;
  kind: string;
  /**
   * where the mark sits: the apiserver's RSS at its last sample up to an event that ends a process (OOM kill, exit,
   * backend down), at its first sample from the event on for one after a restart
   */
  rss_mib: number;
}

export interface AvailabilityBucket {
  series: string;
  /** the bucket's start, s since the load start */
  t_s: number;
  /** the bucket's width, s */
  width_s: number;
  availability: number;
  requests: number;
}

const AFTER_RESTART = new Set(['restarted', 'ready', 'backend-up']);

const replicaOf = (s: SampleRow) => /(?:^|,)apiserver="([^"]*)"/.exec(s.labels)?.[1];

/** A side's per-apiserver RSS rows, from one source: /proc where there is one, else Prometheus. */
function replicaRssRows(side: SeriesSide): Array<SampleRow & { apiserver: string }> {
  const rows = side.run.samples.flatMap((s) => {
    const apiserver = s.variant === side.variant && s.metric === 'apiserver_rss_bytes' ? replicaOf(s) : undefined;
    return apiserver === undefined ? [] : [{ ...s, apiserver }];
  });
  const source = rows.some((s) => s.source === 'proc') ? 'proc' : 'prometheus';
  return rows.filter((s) => s.source === source);
}

/** The apiservers a side's samples name, in number order. */
export function replicasOf(side: SeriesSide): string[] {
  return [...new Set(replicaRssRows(side).map((s) => s.apiserver))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}

/** Each apiserver's RSS over time, every repetition. */
export function replicaRssPoints(side: SeriesSide, reps?: number[]): ReplicaPoint[] {
  return replicaRssRows(side)
    .filter((s) => !reps || reps.includes(s.rep))
    .map((s) => ({ apiserver: s.apiserver, rep: s.rep, t_s: s.t_ms / 1000, rss_mib: s.value / 2 ** 20 }))
    .sort((a, b) => a.rep - b.rep || Number(a.apiserver) - Number(b.apiserver) || a.t_s - b.t_s);
}

/** The events of the side's repetitions at their times, each placed on its apiserver's RSS line. */
export function replicaEvents(side: SeriesSide, reps?: number[]): ReplicaEvent[] {
  const points = replicaRssPoints(side, reps);
  return side.run.manifest.repetitions
    .filter((r) => r.variant === side.variant && (!reps || reps.includes(r.rep)))
    .flatMap((r) =>
      (r.apiserver_events ?? []).map((e) => {
        const line = points.filter((p) => p.rep === r.rep && p.apiserver === e.apiserver);
        // The process that ended sits on its last sample; the one that came back, on its first.
        const at = AFTER_RESTART.has(e.kind)
          ? (line.find((p) => p.t_s >= e.t) ?? line.at(-1))
          : (line.filter((p) => p.t_s <= e.t).at(-1) ?? line[0]);
        return { apiserver: e.apiserver, rep: r.rep, t_s: e.t, kind: e.kind, rss_mib: at?.rss_mib ?? 0 };
      }),
    );
}

/**
 * The bystander's good answers over its requests, per time bucket and side (over all its repetitions). The bucket is
 * a whole number of seconds, wide enough for at most `maxBuckets` over the longest side.
 */
export function bystanderAvailability(sides: SeriesSide[], maxBuckets = 60): AvailabilityBucket[] {
  const rows = sides.map((side) =>
    side.run.samples.filter((s) => s.variant === side.variant && s.source === 'bystander' && s.metric === 'bystander_latency_ms'),
  );
  const all = rows.flat();
  if (!all.length) return [];
  const from = Math.min(...all.map((s) => s.t_ms));
  const to = Math.max(...all.map((s) => s.t_ms));
  const widthMs = 1000 * Math.max(1, Math.ceil((to - from) / 1000 / maxBuckets));
  const start = Math.floor(from / widthMs) * widthMs;
  return sides.flatMap((side, i) => {
    const buckets = new Map<number, { ok: number; n: number }>();
    for (const s of rows[i]!) {
      const b = start + Math.floor((s.t_ms - start) / widthMs) * widthMs;
      const x = buckets.get(b) ?? { ok: 0, n: 0 };
      x.n++;
      if (s.labels.includes('outcome="ok"')) x.ok++;
      buckets.set(b, x);
    }
    return [...buckets]
      .sort(([a], [b]) => a - b)
      .map(([b, x]) => ({ series: side.label, t_s: b / 1000, width_s: widthMs / 1000, availability: x.ok / x.n, requests: x.n }));
  });
}
