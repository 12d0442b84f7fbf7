// Which client produced the numbers, and whether it may have been the bottleneck: on a shared machine every
// CPU second the load generator takes is a second the apiserver under test does not get.
import { mean } from '../stats/stats.js';
import type { ClientRecord } from './manifest.js';
import type { RepFigures } from '../metrics/rep-figures.js';

/** "informers: client-go v0.33.13 in k6 v1.7.1 (k6/x/kube …), json" — one line per scenario. */
export function describeClientLines(clients: ClientRecord[] | undefined): string[] {
  return (clients ?? []).map((c) => `${c.scenario}: ${c.library}${c.content_type ? `, ${c.content_type}` : ''}${c.compression ? ', gzip' : ''}${c.transport ? `, ${c.transport}` : ''}`);
}

/** A warning per variant whose client used more CPU than the apiserver. */
export function clientBottleneckWarnings(figures: RepFigures[]): string[] {
  const out: string[] = [];
  for (const variant of [...new Set(figures.map((f) => f.variant))]) {
    const mine = figures.filter((f) => f.variant === variant);
    const client = mean(mine.map((f) => f.clientCpuSeconds).filter(Number.isFinite));
    const server = mean(mine.map((f) => f.apiserverCpuSeconds).filter(Number.isFinite));
    if (Number.isFinite(client) && Number.isFinite(server) && client > server) {
      out.push(`warning: ${variant}: the client (load engine) used more CPU than the apiserver (${client.toFixed(2)} s vs ${server.toFixed(2)} s): the load generator may be the bottleneck`);
    }
  }
  return out;
}
