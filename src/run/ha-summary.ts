// What a run on several apiservers says per repetition: how many were OOM-killed and when, what the bystander saw,
// and whether every apiserver was ready again when the load ended.
import type { RepRecord } from '../results/manifest.js';
import type { SampleRow } from '../results/rows.js';
import type { ApiCounts } from '../results/runner-json.js';
import type { TimelineEvent } from '../targets/apiserver-events.js';

/** Whether each apiserver was serving at the end of the timeline: its last exit followed by a ready. */
function allReadyAtEnd(events: TimelineEvent[], count: number): boolean {
  for (let i = 0; i < count; i++) {
    const mine = events.filter((e) => e.apiserver === String(i) && (e.kind === 'exited' || e.kind === 'ready'));
    if (mine.at(-1)?.kind === 'exited') return false;
  }
  return true;
}

const ordinal = ['first', 'next', 'then'];

/** "clients: 22 LISTs (6 relists), 40 WATCHes, 3 × 410, 0 × 429, 0 WatchList fallbacks, 7 connection resets" */
function countsText(c: ApiCounts): string {
  return `clients: ${c.lists} LISTs (${c.relists} relists), ${c.watches} WATCHes, ${c.gone_410} × 410, ${c.too_many_requests_429} × 429, ${c.watchlist_fallbacks} WatchList fallbacks, ${c.connection_resets} connection resets`;
}

/** "2 of 3 apiservers OOM-killed (first at 14.2 s, next at 19.8 s); bystander availability 61%; all ready again at the end: no" */
export function haRepLine(r: RepRecord): string | undefined {
  const events = r.apiserver_events;
  const count = Number(r.target?.details.apiservers ?? 0);
  if (!events || count < 2) return undefined;
  const kills = events.filter((e) => e.kind === 'oom-killed');
  const killed = new Set(kills.map((e) => e.apiserver));
  const exits = events.filter((e) => e.kind === 'exited').length;
  const when = kills.map((e, i) => `${ordinal[Math.min(i, 2)]} at ${e.t.toFixed(1)} s`).join(', ');
  const parts = [
    `${killed.size} of ${count} apiservers OOM-killed${kills.length ? ` (${when}${kills.length > killed.size ? `; ${kills.length} kills in all` : ''})` : ''}`,
    ...(exits > kills.length ? [`${exits - kills.length} other exit${exits - kills.length === 1 ? '' : 's'} (not for memory)`] : []),
    ...(r.bystander && Number.isFinite(r.bystander.availability)
      ? [`bystander availability ${(r.bystander.availability * 100).toFixed(0)}% of ${r.bystander.requests} requests`]
      : []),
    `all ready again at the end: ${allReadyAtEnd(events, count) ? 'yes' : 'no'}`,
    ...(r.apiserver_memory?.length ? [memoryText(r.apiserver_memory)] : []),
    ...(r.engine_report?.api_counts ? [countsText(r.engine_report.api_counts)] : []),
  ];
  return `${r.variant} rep ${r.rep}: ${parts.join('; ')}`;
}

/**
 * Each replica's RSS baseline, peak and growth, from its rows labelled apiserver="i": /proc's of a local target, else,
 * where no local process was measured at all, Prometheus's (a kubeconfig cluster's replicas).
 */
export function replicaMemory(rows: SampleRow[]): NonNullable<RepRecord['apiserver_memory']> {
  const rss = rows.filter((s) => s.metric === 'apiserver_rss_bytes');
  const source = rss.some((s) => s.source === 'proc') ? 'proc' : 'prometheus';
  const labelled = rss.filter((s) => /apiserver="\d+"/.test(s.labels));
  const byReplica = new Map<string, SampleRow[]>();
  for (const s of labelled) {
    const i = /apiserver="(\d+)"/.exec(s.labels)![1]!;
    if (s.source === source) byReplica.set(i, [...(byReplica.get(i) ?? []), s]);
  }
  return [...byReplica]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([apiserver, xs]) => {
      const before = xs.filter((s) => s.t_ms < 0).map((s) => s.value);
      const during = xs.filter((s) => s.t_ms >= 0).map((s) => s.value);
      const baseline = before.length ? before.reduce((a, b) => a + b, 0) / before.length : NaN;
      const peak = during.length ? Math.max(...during) : NaN;
      return { apiserver, baseline_bytes: baseline, peak_bytes: peak, growth_bytes: peak - baseline };
    });
}

/** "peak RSS of the largest replica 2.1 GiB (#1); growth per replica 0.9 / 1.1 / 0.3 GiB, summed 2.3 GiB" */
function memoryText(m: NonNullable<RepRecord['apiserver_memory']>): string {
  const largest = m.reduce((a, b) => (b.peak_bytes > a.peak_bytes ? b : a));
  const gib = (x: number) => (x / 2 ** 30).toFixed(2);
  const summed = m.reduce((a, b) => a + (Number.isFinite(b.growth_bytes) ? b.growth_bytes : 0), 0);
  return `peak RSS of the largest replica ${gib(largest.peak_bytes)} GiB (#${largest.apiserver}); growth per replica ${m.map((x) => gib(x.growth_bytes)).join(' / ')} GiB, summed ${gib(summed)} GiB`;
}

/** The lines for the run's summary, one per repetition on several apiservers. */
export function haLines(reps: RepRecord[]): string[] {
  const lines = reps.map(haRepLine).filter((l): l is string => l !== undefined);
  return lines.length ? ['', 'apiservers:', ...lines.map((l) => `  ${l}`)] : [];
}
