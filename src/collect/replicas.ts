// One address, several apiservers: a direct /metrics scrape behind a load balancer reaches a random replica each
// time, so its memory figures mix processes. Their process_start_time_seconds tell them apart.

/** The warning for a repetition whose /metrics answered from more than one process; undefined when it did not. */
export function replicaWarning(startTimes: number[], where: string): string | undefined {
  if (startTimes.length < 2) return undefined;
  const shown = startTimes.map((t) => new Date(t * 1000).toISOString()).join(', ');
  return `${where}: /metrics answered from ${startTimes.length} apiserver processes (process_start_time_seconds ${shown}): several replicas behind one address, or a restart; the memory and CPU figures from /metrics mix them. Pass --prometheus-url to read each replica through Prometheus`;
}
