// What happened to each apiserver of a replicated target, in time order: kills, exits, restarts, readiness, and
// the load balancer's view of it.

export type ApiserverEventKind = 'oom-killed' | 'exited' | 'restarted' | 'ready' | 'backend-down' | 'backend-up';

export interface ApiserverEvent {
  /** epoch ms */
  at: number;
  /** the apiserver's index, "0" … "N-1" */
  apiserver: string;
  kind: ApiserverEventKind;
}

/** One event of run.json's timeline: seconds since the load started (negative: before it). */
export interface TimelineEvent {
  t: number;
  apiserver: string;
  kind: ApiserverEventKind;
}

/**
 * Within one moment, cause before effect: a process is OOM-killed, then exits, then its balancer backend goes down;
 * it is restarted, then ready, then back in rotation.
 */
const ORDER: ApiserverEventKind[] = ['oom-killed', 'exited', 'backend-down', 'restarted', 'ready', 'backend-up'];

/** The events in time order (cause before effect at one moment, then by apiserver), timed from `zeroMs`. */
export function timeline(events: ApiserverEvent[], zeroMs: number): TimelineEvent[] {
  return [...events]
    .sort((a, b) => a.at - b.at || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || Number(a.apiserver) - Number(b.apiserver))
    .map((e) => ({ t: Math.round(e.at - zeroMs) / 1000, apiserver: e.apiserver, kind: e.kind }));
}
