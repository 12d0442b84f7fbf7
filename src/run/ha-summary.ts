// What a run on several apiservers says per repetition: how many were OOM-killed and when, what the bystander saw,
// and whether every apiserver was ready again when the load ended.
import type { RepRecord } from '../results/manifest.js';
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
    ...(exits > kills.length ? [`${exits - kills.length} other exit${exits - kills.length === 1 ? '' : 's'} (restarts included)`] : []),
    ...(r.bystander && Number.isFinite(r.bystander.availability)
      ? [`bystander availability ${(r.bystander.availability * 100).toFixed(0)}% of ${r.bystander.requests} requests`]
      : []),
    `all ready again at the end: ${allReadyAtEnd(events, count) ? 'yes' : 'no'}`,
    ...(r.engine_report?.api_counts ? [countsText(r.engine_report.api_counts)] : []),
  ];
  return `${r.variant} rep ${r.rep}: ${parts.join('; ')}`;
}

/** The lines for the run's summary, one per repetition on several apiservers. */
export function haLines(reps: RepRecord[]): string[] {
  const lines = reps.map(haRepLine).filter((l): l is string => l !== undefined);
  return lines.length ? ['', 'apiservers:', ...lines.map((l) => `  ${l}`)] : [];
}
