// The apiserver and etcd as a Prometheus that scrapes them sees them: memory, CPU and request metrics over a
// repetition's window through query_range, one series per replica (its `instance` kept in the labels, and for the
// apiserver its number, apiserver="i", as a local target's replicas have), and the figures the summary uses: the sum
// over replicas and the largest replica.
import type { SampleRow } from '../results/rows.js';
import { formatLabels } from '../targets/prom-text.js';
import { queryInstant, queryRange, type MatrixSeries, type PrometheusEndpoint } from './prometheus-api.js';
import { InputError } from '../errors/input-error.js';

export interface PrometheusSourceOptions {
  endpoint: PrometheusEndpoint;
  /** label matchers of the apiserver's series, e.g. {job="apiserver"} (kube-prometheus's job name) */
  apiserverSelector: string;
  /** label matchers of etcd's series; managed clusters have none, which is noted, not an error */
  etcdSelector: string;
  /** query resolution (set it to the scrape interval); rates are taken over 4 steps */
  stepMs: number;
}

type Component = 'apiserver' | 'etcd';

interface Query {
  component: Component;
  /** the samples.csv metric name of the series */
  metric: string;
  /** the metric the query reads, named when nothing answers */
  reads: string;
  promql: (selector: string, rateWindow: string) => string;
}

const perReplica =
  (reads: string, by = '') =>
  (sel: string) =>
    `max by (job, instance${by}) (${reads}${sel})`;

const QUERIES: Query[] = [
  ...(['apiserver', 'etcd'] as const).flatMap((component): Query[] => [
    {
      component,
      metric: 'process_resident_memory_bytes',
      reads: 'process_resident_memory_bytes',
      promql: perReplica('process_resident_memory_bytes'),
    },
    {
      component,
      metric: 'go_memstats_heap_inuse_bytes',
      reads: 'go_memstats_heap_inuse_bytes',
      promql: perReplica('go_memstats_heap_inuse_bytes'),
    },
    { component, metric: 'process_cpu_seconds_total', reads: 'process_cpu_seconds_total', promql: perReplica('process_cpu_seconds_total') },
    // CPU cores in use: the rate of the CPU counter over 4 query steps (Grafana's $__rate_interval rule).
    {
      component,
      metric: 'process_cpu_cores',
      reads: 'process_cpu_seconds_total',
      promql: (sel, w) => `max by (job, instance) (rate(process_cpu_seconds_total${sel}[${w}]))`,
    },
  ]),
  {
    component: 'apiserver',
    metric: 'apiserver_current_inflight_requests',
    reads: 'apiserver_current_inflight_requests',
    promql: (sel) => `sum by (job, instance, request_kind) (apiserver_current_inflight_requests${sel})`,
  },
  {
    component: 'apiserver',
    metric: 'apiserver_longrunning_requests',
    reads: 'apiserver_longrunning_requests',
    promql: (sel) => `sum by (job, instance, verb) (apiserver_longrunning_requests${sel})`,
  },
  {
    component: 'apiserver',
    metric: 'apiserver_requests_per_second',
    reads: 'apiserver_request_total',
    promql: (sel, w) => `sum by (job, instance, verb) (rate(apiserver_request_total${sel}[${w}]))`,
  },
  // Recorded only once a WatchList reached its initial-events-end bookmark: absent for LIST+WATCH loads.
  {
    component: 'apiserver',
    metric: 'apiserver_watch_list_duration_seconds_count',
    reads: 'apiserver_watch_list_duration_seconds_count',
    promql: (sel) => `sum by (job, instance) (apiserver_watch_list_duration_seconds_count${sel})`,
  },
  {
    component: 'apiserver',
    metric: 'apiserver_watch_list_duration_seconds_sum',
    reads: 'apiserver_watch_list_duration_seconds_sum',
    promql: (sel) => `sum by (job, instance) (apiserver_watch_list_duration_seconds_sum${sel})`,
  },
];

/** Per-replica series folded into the figures the run's summary uses, per moment: name, the source series, how. */
const AGGREGATES: Array<{ component: Component; from: string; metric: string; fold: 'sum' | 'max' | 'count' }> = [
  { component: 'apiserver', from: 'process_resident_memory_bytes', metric: 'apiserver_rss_bytes', fold: 'sum' },
  { component: 'apiserver', from: 'process_resident_memory_bytes', metric: 'apiserver_rss_max_replica_bytes', fold: 'max' },
  { component: 'apiserver', from: 'process_resident_memory_bytes', metric: 'apiserver_replicas', fold: 'count' },
  { component: 'apiserver', from: 'go_memstats_heap_inuse_bytes', metric: 'apiserver_heap_inuse_bytes', fold: 'sum' },
  { component: 'apiserver', from: 'process_cpu_seconds_total', metric: 'apiserver_cpu_seconds', fold: 'sum' },
  { component: 'etcd', from: 'process_resident_memory_bytes', metric: 'etcd_rss_bytes', fold: 'sum' },
  { component: 'etcd', from: 'process_cpu_seconds_total', metric: 'etcd_cpu_seconds', fold: 'sum' },
];

/** A label-matcher set as PromQL writes it: {job="apiserver"}. */
export function parseSelector(flag: string, value: string): string {
  const v = value.trim();
  // One or more name op "value" matchers, comma-separated; Prometheus checks the rest when it parses the query.
  const matcher = String.raw`\s*[A-Za-z_][A-Za-z0-9_]*\s*(=|!=|=~|!~)\s*"(\\.|[^"\\])*"\s*`;
  if (!new RegExp(`^\\{${matcher}(,${matcher})*,?\\s*\\}$`).test(v))
    throw new InputError(`${flag} ${JSON.stringify(value)}: expected PromQL label matchers like {job="apiserver"}`);
  return v;
}

export interface PrometheusWindow {
  /** unix ms of the repetition's first and last moment (baseline included) */
  startMs: number;
  endMs: number;
  /** unix ms that t_ms counts from (the load start) */
  zeroMs: number;
}

export interface PrometheusSamples {
  rows: SampleRow[];
  /** queries that returned nothing, each naming its metric and selector */
  missing: string[];
  /** distinct apiserver instances seen in the window, in order: the one labelled apiserver="i" is the i-th */
  apiserverInstances: string[];
}

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

export class PrometheusSource {
  constructor(readonly o: PrometheusSourceOptions) {}

  private selector(c: Component): string {
    return c === 'apiserver' ? this.o.apiserverSelector : this.o.etcdSelector;
  }

  /**
   * Before the load: the apiserver's series must be there (else the run fails now, naming the query);
   * etcd's may be missing (managed clusters), which comes back as a note.
   */
  async preflight(expectInstance?: string, waitMs = 60_000): Promise<{ apiserverInstances: number; notes: string[] }> {
    const series = async (c: Component) =>
      queryInstant(this.o.endpoint, `max by (job, instance) (process_resident_memory_bytes${this.selector(c)})`);
    if (expectInstance) {
      const deadline = Date.now() + waitMs;
      while (!(await series('apiserver')).some((s) => s.labels.instance === expectInstance)) {
        if (Date.now() > deadline)
          throw new Error(
            `--prometheus-url ${this.o.endpoint.shown}: no series for process_resident_memory_bytes${this.o.apiserverSelector} from instance ${expectInstance} within ${waitMs / 1000} s: is a scrape job of that Prometheus reading the --prometheus-file-sd file?`,
          );
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const count = async (c: Component) => (await series(c)).length;
    const api = await count('apiserver');
    if (!api)
      throw new InputError(
        `--prometheus-url ${this.o.endpoint.shown}: no series for process_resident_memory_bytes${this.o.apiserverSelector}: this Prometheus does not scrape the apiserver under that selector (set --prometheus-apiserver-selector to the labels it uses)`,
      );
    const etcd = await count('etcd');
    const notes = etcd
      ? []
      : [
          `no series for process_resident_memory_bytes${this.o.etcdSelector} in Prometheus (managed clusters do not expose etcd): no etcd figures`,
        ];
    return { apiserverInstances: api, notes };
  }

  /** Reads every query over the window; one row per series and step, then the folded figures. */
  async collect(w: PrometheusWindow, base: Pick<SampleRow, 'run_id' | 'variant' | 'rep'>): Promise<PrometheusSamples> {
    const stepSec = seconds(this.o.stepMs);
    const rateWindow = `${4 * stepSec}s`;
    const startSec = Math.floor(w.startMs / 1000);
    const endSec = Math.ceil(w.endMs / 1000);
    const answers = await Promise.all(
      QUERIES.map(async (q) => ({
        q,
        series: await queryRange(this.o.endpoint, q.promql(this.selector(q.component), rateWindow), startSec, endSec, stepSec),
      })),
    );
    const rows: SampleRow[] = [];
    const missing: string[] = [];
    const row = (t: number, metric: string, value: number, labels: Record<string, string>): SampleRow => ({
      ...base,
      t_ms: Math.round(t * 1000 - w.zeroMs),
      source: 'prometheus',
      metric,
      value,
      labels: formatLabels(labels),
    });
    const byKey = new Map<string, MatrixSeries[]>();
    for (const { q, series } of answers) {
      const nonEmpty = series.filter((s) => s.points.length);
      if (!nonEmpty.length) missing.push(`${q.reads}${this.selector(q.component)}`);
      byKey.set(`${q.component}|${q.metric}`, nonEmpty);
    }
    // Each apiserver replica numbered as a local target's are (apiserver="0" …), in the order of its instance.
    const instances = [
      ...new Set(
        answers
          .flatMap(({ q }) => (q.component === 'apiserver' ? (byKey.get(`apiserver|${q.metric}`) ?? []) : []))
          .map((s) => s.labels.instance ?? ''),
      ),
    ].sort();
    const labelled = (c: Component, labels: Record<string, string>) =>
      c === 'apiserver' ? { ...labels, apiserver: String(instances.indexOf(labels.instance ?? '')) } : labels;
    for (const { q } of answers)
      for (const s of byKey.get(`${q.component}|${q.metric}`)!) {
        const labels = labelled(q.component, s.labels);
        for (const [t, v] of s.points) rows.push(row(t, q.metric, v, labels));
      }
    // Each replica's RSS under the name the figures use, as a local target's /proc rows are: the report draws them.
    for (const s of byKey.get('apiserver|process_resident_memory_bytes') ?? []) {
      const labels = labelled('apiserver', { instance: s.labels.instance ?? '' });
      for (const [t, v] of s.points) rows.push(row(t, 'apiserver_rss_bytes', v, labels));
    }
    for (const a of AGGREGATES) {
      const perTime = new Map<number, number[]>();
      for (const s of byKey.get(`${a.component}|${a.from}`) ?? [])
        for (const [t, v] of s.points) perTime.set(t, [...(perTime.get(t) ?? []), v]);
      for (const [t, vs] of [...perTime.entries()].sort((x, y) => x[0] - y[0])) {
        const value = a.fold === 'sum' ? vs.reduce((x, y) => x + y, 0) : a.fold === 'max' ? Math.max(...vs) : vs.length;
        rows.push(row(t, a.metric, value, a.fold === 'count' ? {} : { aggregate: a.fold, replicas: String(vs.length) }));
      }
    }
    return { rows, missing: [...new Set(missing)], apiserverInstances: instances };
  }
}
