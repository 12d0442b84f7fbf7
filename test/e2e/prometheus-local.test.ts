// Prometheus in and out, end to end on the real control plane: kube-apiserver 1.33 + etcd (the local target's
// processes, started once and reached through a kubeconfig), a real Prometheus 2.42 scraping both every second
// with its remote-write receiver on, and `ksb run --prometheus-url …` with the default engine (ksb-runner).
// Then: samples.csv from PromQL agrees with the direct /metrics scrape and every apiserver/etcd panel of the
// Grafana dashboard returns series. The client panels read k6's metrics (remote write from --engine k6 with
// --k6-out): with KSB_K6 set they are checked on a k6 run; without it, they are reported as skipped.
import test from 'ava';
import { request } from 'node:https';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prometheusEndpoint, queryInstant, queryRange } from '../../src/collect/prometheus-api.js';
import { localTarget } from '../../src/targets/local/local-target.js';
import { findK6 } from '../../src/tools/k6.js';
import type { RunningTarget } from '../../src/targets/target.js';
import { VARIANTS } from '../../src/variants/variants.js';
import { mean } from '../../src/stats/stats.js';
import { runKsb } from '../helpers/cli.js';
import { kubeconfigYaml } from '../helpers/kubeconfig.js';
import { startPrometheus, type TestPrometheus } from '../helpers/prometheus.js';
import { readCsv, readManifest } from '../helpers/results.js';
import { tempDir } from '../helpers/tmp.js';

// Before any test is declared: ava takes declarations only in the module's first, synchronous pass.
const k6 = await findK6();
const withK6 = k6 ? test.serial : test.skip;

interface Ctx {
  target: RunningTarget;
  prom: TestPrometheus;
  runDir: string;
  runId: string;
  stdout: string;
  /** unix seconds around the run */
  from: number;
  to: number;
}

// Set up once for the tests below; hooks have no t.teardown, so cleanups run last-in first-out in the after hook.
let ctx: Ctx | undefined;
let setupError: Error | undefined;
const cleanups: Array<() => Promise<void>> = [];
const hook = { teardown: (f: () => Promise<void>) => void cleanups.push(f) };

test.after.always(async () => {
  for (const f of cleanups.reverse()) await f().catch(() => {});
});

test.before(async () => {
  try {
    const local = localTarget({ kubeVersion: '1.33.13', log: () => {} });
    // The streaming gates on: the streaming variant's WatchLists complete, so the server records their durations.
    const target = await local.start(VARIANTS.streaming!);
    hook.teardown(() => target.stop());
    const dir = await tempDir(hook, 'ksb-e2e-prom-');
    await writeFile(join(dir, 'token'), target.token!, { mode: 0o600 });
    await writeFile(join(dir, 'ca.pem'), target.caPem!);
    const apiserver = new URL(target.url).host;
    const flags = (target.info.details.apiserver_flags as string[]).find((f) => f.startsWith('--etcd-servers='))!;
    const etcd = new URL(flags.slice('--etcd-servers='.length)).host;
    const prom = await startPrometheus(hook, [
      {
        job_name: 'apiserver',
        scheme: 'https',
        tls_config: { ca_file: join(dir, 'ca.pem') },
        authorization: { credentials_file: join(dir, 'token') },
        static_configs: [{ targets: [apiserver] }],
      },
      { job_name: 'etcd', static_configs: [{ targets: [etcd] }] },
    ]);
    const ep = prometheusEndpoint(prom.url);
    await until(
      async () => (await queryInstant(ep, 'up == 1')).length === 2,
      () => `Prometheus does not scrape both targets; ${prom.logs()}`,
    );
    // A family with labels appears only once something is observed, and rate() cannot see the jump from absent to
    // its first value. A long-lived cluster has seen WatchLists before; this fresh one gets one before the run,
    // so the run's own WatchLists show as an increase (as they would on a real cluster).
    await oneWatchList(target);
    await until(
      async () => (await queryInstant(ep, 'apiserver_watch_list_duration_seconds_count')).length > 0,
      () => 'no apiserver_watch_list_duration_seconds in Prometheus after a WatchList',
    );
    // k6 takes no custom CA, so the kubeconfig skips verification of this loopback apiserver (as the local target does).
    await writeFile(join(dir, 'kubeconfig'), kubeconfigYaml({ server: target.url, context: 'local', user: { token: target.token } }), {
      mode: 0o600,
    });
    const from = Date.now() / 1000;
    const out = join(dir, 'results');
    const r = await runKsb(
      [
        'run',
        'informer-storm',
        '--target',
        'kubeconfig',
        '--kubeconfig',
        join(dir, 'kubeconfig'),
        '--variant',
        'both',
        '--set',
        'informers=4',
        '--set',
        'objects=30',
        '--set',
        'objectSize=8KiB',
        '--set',
        'duration=6s',
        '--set',
        'churnPerSecond=5',
        '--prometheus-url',
        prom.url,
        '--prometheus-step',
        '1s',
        '--out',
        out,
      ],
      { timeoutMs: 300_000 },
    );
    if (r.code !== 0) throw new Error(`ksb run exited ${r.code}: ${r.stderr}`);
    const [runId] = await readdir(out);
    ctx = { target, prom, runDir: join(out, runId!), runId: runId!, stdout: r.stdout, from, to: Date.now() / 1000 + 2 };
  } catch (e) {
    setupError = e as Error;
  }
});

async function until(ok: () => Promise<boolean>, why: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** One WatchList (sendInitialEvents) of Secrets (the workload's resource, so the same series), read up to its initial-events-end bookmark. */
function oneWatchList(target: RunningTarget): Promise<void> {
  const path =
    '/api/v1/namespaces/default/secrets?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true';
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, target.url), { headers: { Authorization: `Bearer ${target.token}` }, ca: target.caPem }, (res) => {
      let seen = '';
      res.on('data', (d: Buffer) => {
        seen += d.toString();
        if (seen.includes('k8s.io/initial-events-end')) {
          req.destroy();
          resolve();
        }
      });
      res.on('end', () => reject(new Error(`the WatchList ended without its bookmark: HTTP ${res.statusCode} ${seen.slice(0, 300)}`)));
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.end();
  });
}

/** With the user's k6: the same load through --engine k6, its metrics remote-written to this Prometheus. */
let k6Ctx: Promise<{ runDir: string; runId: string }> | undefined;
function k6Run(): Promise<{ runDir: string; runId: string }> {
  k6Ctx ??= (async () => {
    const c = setUp();
    const out = join(c.runDir, '..', '..', 'k6-results');
    const r = await runKsb(
      ['run', 'informer-storm', '--engine', 'k6', '--target', 'kubeconfig', '--kubeconfig', join(c.runDir, '..', '..', 'kubeconfig')]
        .concat(['--variant', 'both', '--set', 'informers=4', '--set', 'objects=30', '--set', 'objectSize=8KiB', '--set', 'duration=6s'])
        .concat(['--k6-out', 'experimental-prometheus-rw', '--out', out]),
      { env: { K6_PROMETHEUS_RW_SERVER_URL: `${c.prom.url}/api/v1/write` }, timeoutMs: 300_000 },
    );
    if (r.code !== 0) throw new Error(`ksb run --engine k6 exited ${r.code}: ${r.stderr}`);
    const [runId] = await readdir(out);
    return { runDir: join(out, runId!), runId: runId! };
  })();
  return k6Ctx;
}

function setUp(): Ctx {
  if (!ctx) throw setupError ?? new Error('set-up did not run');
  return ctx;
}

test('run.json names the Prometheus and the engine, holds no token, and the summary says the figures are sums', async (t) => {
  const c = setUp();
  const m = await readManifest(c.runDir);
  t.is(m.status, 'complete', JSON.stringify(m.repetitions));
  t.like(m.prometheus, { url: c.prom.url, version: '2.42.0+ds', apiserver_selector: '{job="apiserver"}', step_ms: 1000 });
  t.is(m.engine.name, 'ksb-runner');
  t.is(m.k6_outputs, undefined);
  t.is(m.warnings, undefined, 'one apiserver: no replica warning');
  for (const rep of m.repetitions) {
    t.deepEqual(rep.prometheus.apiserver_instances, [new URL(c.target.url).host]);
    t.false(
      rep.prometheus.missing.some((x: string) => x.startsWith('process_') || x.startsWith('go_memstats')),
      `memory and CPU answered: ${rep.prometheus.missing}`,
    );
  }
  t.regex(c.stdout, /apiserver memory and CPU from Prometheus: the sum over 1 replica\)/);
  t.regex(c.stdout, /Peak RSS of the largest replica: /);
  const summary = await readCsv(c.runDir, 'summary.csv');
  t.true(summary.rows.some((r) => r.metric === 'apiserver_rss_peak_max_replica_bytes' && Number(r.max) > 0));
  for (const file of await readdir(c.runDir, { recursive: true })) {
    const path = join(c.runDir, file);
    if (!(await stat(path)).isFile()) continue;
    t.false((await readFile(path, 'utf8')).includes(c.target.token!), `${file} holds no token`);
  }
});

test('samples.csv from PromQL agrees with the direct /metrics scrape within 5%', async (t) => {
  const c = setUp();
  const samples = (await readCsv(c.runDir, 'samples.csv')).rows;
  const instance = new URL(c.target.url).host;
  for (const variant of ['legacy', 'streaming']) {
    const mine = samples.filter((s) => s.variant === variant && Number(s.t_ms) >= 0);
    const series = (source: string, metric: string, labels = '') =>
      mine.filter((s) => s.source === source && s.metric === metric && (s.labels ?? '').includes(labels)).map((s) => Number(s.value));
    const prom = series('prometheus', 'process_resident_memory_bytes', `instance="${instance}"`);
    const direct = series('metrics', 'process_resident_memory_bytes');
    t.true(prom.length >= 5 && direct.length >= 10, `${variant}: ${prom.length} PromQL and ${direct.length} direct samples`);
    t.true(
      samples.some((s) => s.source === 'prometheus' && s.labels === `instance="${instance}",job="apiserver",apiserver="0"`),
      'per replica: job and instance kept, the replica numbered',
    );
    const meanDiff = mean(prom) / mean(direct) - 1;
    const peakDiff = Math.max(...prom) / Math.max(...direct) - 1;
    t.log(
      `${variant}: apiserver RSS during the load, PromQL vs direct: mean ${(meanDiff * 100).toFixed(2)}%, peak ${(peakDiff * 100).toFixed(2)}%`,
    );
    t.true(Math.abs(meanDiff) < 0.05, `${variant}: mean RSS differs by ${(meanDiff * 100).toFixed(2)}%`);
    t.true(Math.abs(peakDiff) < 0.05, `${variant}: peak RSS differs by ${(peakDiff * 100).toFixed(2)}%`);
    // The figure the summary uses is Prometheus's (the kubeconfig target has no local pid): the sum, one replica here.
    const sum = mine
      .filter((s) => s.source === 'prometheus' && s.metric === 'apiserver_rss_bytes' && !(s.labels ?? '').includes('apiserver="'))
      .map((s) => Number(s.value));
    t.deepEqual(sum, prom, 'the sum over one replica is that replica');
    t.deepEqual(series('prometheus', 'apiserver_rss_bytes', 'apiserver="0"'), prom, "the replica's own RSS, numbered");
    const etcd = series('prometheus', 'process_resident_memory_bytes', 'job="etcd"');
    t.true(etcd.length > 0, 'etcd through PromQL');
    t.true(
      series('prometheus', 'process_cpu_cores', 'job="apiserver"').some((v) => v > 0),
      'apiserver CPU rate',
    );
    t.true(
      series('prometheus', 'apiserver_longrunning_requests', 'verb="WATCH"').some((v) => v > 0),
      'open watches',
    );
  }
  const figures = (await readCsv(c.runDir, 'summary.csv')).rows;
  const peak = (v: string, m: string) => Number(figures.find((r) => r.variant === v && r.metric === m)!.max);
  t.is(peak('streaming', 'apiserver_rss_peak_bytes'), peak('streaming', 'apiserver_rss_peak_max_replica_bytes'));
});

withK6(
  `k6's own metrics arrived in Prometheus through remote write (--engine k6 --k6-out), tagged with the run and the variant${k6 ? '' : ' (skipped: no k6; set KSB_K6 to a k6 with k6/x/kube)'}`,
  async (t) => {
    const c = { ...setUp(), ...(await k6Run()) };
    const ep = prometheusEndpoint(c.prom.url);
    const synced = await queryInstant(ep, `max by (variant) (max_over_time(k6_ksb_time_to_synced_ms_p99{testid="${c.runId}"}[10m]))`);
    t.deepEqual(synced.map((s) => s.labels.variant).sort(), ['legacy', 'streaming']);
    t.true(
      synced.every((s) => s.value > 0 && s.value < 60),
      `seconds: ${JSON.stringify(synced)}`,
    );
    // k6 (v1.7) converts every stat of a time trend to seconds, its count too: the count arrives divided by 1000.
    const requests = await queryInstant(ep, `sum(max_over_time(k6_ksb_request_duration_ms_count{testid="${c.runId}"}[10m])) * 1000`);
    const csvRequests = (await readCsv(c.runDir, 'requests.csv')).rows.length;
    t.true(requests.length === 1 && requests[0]!.value > 0, JSON.stringify(requests));
    t.log(`k6 requests counted in Prometheus: ${requests[0]!.value}; rows in requests.csv: ${csvRequests}`);
    t.is(Math.round(requests[0]!.value), csvRequests, "the project's own output stayed complete beside remote write");
  },
);

const dashboardPath = fileURLToPath(new URL('../../../templates/grafana/kube-stream-bench.json', import.meta.url));

interface Dashboard {
  templating: { list: Array<{ name: string }> };
  panels: Array<{ type: string; title: string; targets?: Array<{ expr: string }> }>;
}

test('every panel of the Grafana dashboard returns series from this Prometheus', async (t) => {
  const c = setUp();
  const dash = JSON.parse(await readFile(dashboardPath, 'utf8')) as Dashboard;
  const values: Record<string, string> = { job: 'apiserver', instance: '.*', etcd_job: 'etcd', testid: c.runId, variant: '.*' };
  t.deepEqual(
    dash.templating.list
      .map((v) => v.name)
      .filter((n) => n !== 'datasource')
      .sort(),
    Object.keys(values).sort(),
  );
  const ep = prometheusEndpoint(c.prom.url);
  const all = dash.panels.filter((p) => p.type !== 'row');
  t.true(all.length >= 12);
  // The client panels read what k6 remote-writes (--engine k6 --k6-out); ksb-runner's run sends none.
  const fromK6 = (p: Dashboard['panels'][number]) => (p.targets ?? []).some((x) => /\bk6_/.test(x.expr));
  const panels = all.filter((p) => !fromK6(p));
  t.log(
    `panels of k6's metrics, not checked on a ksb-runner run: ${all
      .filter(fromK6)
      .map((p) => p.title)
      .join('; ')}`,
  );
  for (const p of panels) {
    t.true((p.targets ?? []).length > 0, `${p.title}: has queries`);
    for (const target of p.targets ?? []) {
      const expr = target.expr.replace(/\$__rate_interval/g, '4s').replace(/\$(\w+)/g, (_m, name: string) => values[name] ?? `$${name}`);
      t.false(expr.includes('$'), `${p.title}: every variable is known: ${expr}`);
      const series = await queryRange(ep, expr, Math.floor(c.from), Math.ceil(c.to), 1);
      const finite = series.filter((s) => s.points.some(([, v]) => Number.isFinite(v)));
      t.true(finite.length > 0, `${p.title}: ${expr} returned no series`);
    }
  }
});
