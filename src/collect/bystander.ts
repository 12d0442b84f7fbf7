// A bystander: an operator's few reads and writes a second through the target (its load balancer, when it has one),
// while the load runs. Its errors and latency over time are the availability the load leaves to everyone else.
import type { BystanderFigures } from '../results/manifest.js';
import type { SampleRow } from '../results/rows.js';
import { percentile } from '../stats/stats.js';
import { targetRequest } from '../targets/http-get.js';
import type { Connection } from '../targets/target.js';

const NAMESPACE = 'default';
const NAME = 'ksb-bystander';
const PATH = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
/** two requests a second each way: a GET and a PUT of one small ConfigMap, alternately */
const INTERVAL_MS = 250;
const TIMEOUT_MS = 5000;

interface Observation {
  at: number;
  op: 'get' | 'put';
  ok: boolean;
  ms: number;
}

export class Bystander {
  private readonly seen: Observation[] = [];
  private timer?: NodeJS.Timeout;
  private n = 0;
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly target: Connection) {}

  /** Its ConfigMap made (or found), then a request every INTERVAL_MS, each on its own, until stop(). */
  async start(): Promise<void> {
    const created = await targetRequest(this.target, 'POST', PATH, this.configMap());
    if (created.status !== 201 && created.status !== 409)
      throw new Error(`bystander: creating ConfigMap ${NAMESPACE}/${NAME}: HTTP ${created.status}: ${created.body.slice(0, 200)}`);
    this.timer = setInterval(() => {
      const p = this.once().finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }, INTERVAL_MS);
  }

  private configMap() {
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: NAME, namespace: NAMESPACE }, data: { n: String(this.n) } };
  }

  private async once(): Promise<void> {
    const op = this.n++ % 2 === 0 ? 'get' : 'put';
    const at = Date.now();
    // A PUT without resourceVersion is an unconditional update: it fails only when the server does.
    const res = await (
      op === 'get'
        ? targetRequest(this.target, 'GET', `${PATH}/${NAME}`, undefined, TIMEOUT_MS)
        : targetRequest(this.target, 'PUT', `${PATH}/${NAME}`, this.configMap(), TIMEOUT_MS)
    ).catch(() => ({ status: 0 }));
    this.seen.push({ at, op, ok: res.status === 200, ms: Date.now() - at });
  }

  /** Stops sending and waits for the requests under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.inFlight);
  }

  /** Its requests as samples: latency per request, labelled by verb and outcome, timed from `zeroMs`. */
  rows(base: { run_id: string; variant: string; rep: number }, zeroMs: number): SampleRow[] {
    return this.seen.map((o) => ({
      ...base,
      t_ms: o.at - zeroMs,
      source: 'bystander',
      metric: 'bystander_latency_ms',
      value: o.ms,
      labels: `op="${o.op}",outcome="${o.ok ? 'ok' : 'error'}"`,
    }));
  }

  /** Its figures over the requests sent from `zeroMs` on. */
  figures(zeroMs: number): BystanderFigures {
    const during = this.seen.filter((o) => o.at >= zeroMs);
    const ok = during.filter((o) => o.ok);
    return {
      requests: during.length,
      errors: during.length - ok.length,
      availability: during.length ? ok.length / during.length : NaN,
      p50_ms: percentile(
        ok.map((o) => o.ms),
        50,
      ),
      p99_ms: percentile(
        ok.map((o) => o.ms),
        99,
      ),
    };
  }
}
