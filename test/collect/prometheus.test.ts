// The Prometheus source's boundary: the URL and selector flags, what counts as Prometheus, and a query with no
// apiserver series. Against a real Prometheus (scraping only itself) and servers that are not Prometheus.
import test from 'ava';
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkPrometheus, prometheusEndpoint, queryRange } from '../../src/collect/prometheus-api.js';
import { parseSelector, PrometheusSource } from '../../src/collect/prometheus-source.js';
import { InputError } from '../../src/errors/input-error.js';
import { freePort } from '../../src/targets/local/ports.js';
import { runKsb } from '../helpers/cli.js';
import { startPrometheus } from '../helpers/prometheus.js';
import { tempDir } from '../helpers/tmp.js';

test('--prometheus-url: credentials in the URL become basic auth and never appear in what is shown', (t) => {
  const ep = prometheusEndpoint('https://admin:s3cret@prom.example.com/prometheus/');
  t.is(ep.base, 'https://prom.example.com/prometheus');
  t.is(ep.shown, 'https://prom.example.com/prometheus');
  t.is(ep.authorization, `Basic ${Buffer.from('admin:s3cret').toString('base64')}`);
  t.false(JSON.stringify({ base: ep.base, shown: ep.shown }).includes('s3cret'));
  t.is(prometheusEndpoint('http://127.0.0.1:9090', { KSB_PROMETHEUS_TOKEN: 'tok' }).authorization, 'Bearer tok');
  t.is(prometheusEndpoint('http://127.0.0.1:9090', {}).authorization, undefined);
});

const badUrls: Array<[string, RegExp]> = [
  ['127.0.0.1:9090', /^--prometheus-url "127\.0\.0\.1:9090": not a URL/],
  ['ftp://host/x', /^--prometheus-url ftp:\/\/host: expected an http or https URL/],
  ['http://host:9090/?x=1', /^--prometheus-url: expected a base URL without \?query/],
];
for (const [value, message] of badUrls) {
  test(`--prometheus-url ${value} is refused by name`, (t) => {
    t.throws(() => prometheusEndpoint(value), { instanceOf: InputError, message });
  });
}

const selectors: Array<[string, boolean]> = [
  ['{job="apiserver"}', true],
  ['{job=~"etcd|kube-etcd"}', true],
  ['{job="apiserver", namespace!="x",}', true],
  ['{job="a\\"b"}', true],
  ['job="apiserver"', false],
  ['{job=apiserver}', false],
  ['{}', false],
  ['{job="apiserver"} or vector(1)', false],
];
for (const [value, ok] of selectors) {
  test(`selector ${value} is ${ok ? 'accepted' : 'refused'}`, (t) => {
    if (ok) t.is(parseSelector('--prometheus-apiserver-selector', value), value);
    else
      t.throws(() => parseSelector('--prometheus-apiserver-selector', value), {
        instanceOf: InputError,
        message: /^--prometheus-apiserver-selector .*: expected PromQL label matchers like \{job="apiserver"\}/,
      });
  });
}

test('a URL that is not Prometheus fails, naming the URL and what answered', async (t) => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Grafana</body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await t.throwsAsync(checkPrometheus(prometheusEndpoint(url)), {
    instanceOf: InputError,
    message: new RegExp(
      `^--prometheus-url ${url}: GET /api/v1/status/buildinfo answered HTTP 200 \\(text/html\\): "<html><body>Grafana</body></html>"; expected Prometheus's HTTP API`,
    ),
  });
  const closed = `http://127.0.0.1:${await freePort()}`;
  await t.throwsAsync(checkPrometheus(prometheusEndpoint(closed)), {
    instanceOf: InputError,
    message: new RegExp(`^--prometheus-url ${closed}: no answer \\(connect ECONNREFUSED`),
  });
});

test('a real Prometheus answers with its version; with no apiserver series the source fails before the load, naming the query', async (t) => {
  const prom = await startPrometheus(t, [{ job_name: 'prometheus', static_configs: [{ targets: ['127.0.0.1:1'] }] }]);
  t.deepEqual(await checkPrometheus(prometheusEndpoint(prom.url)), { version: '2.42.0+ds' }); // Debian's build says so
  const source = new PrometheusSource({
    endpoint: prometheusEndpoint(prom.url),
    apiserverSelector: '{job="apiserver"}',
    etcdSelector: '{job="etcd"}',
    stepMs: 1000,
  });
  await t.throwsAsync(source.preflight(), {
    instanceOf: InputError,
    message: `--prometheus-url ${prom.url}: no series for process_resident_memory_bytes{job="apiserver"}: this Prometheus does not scrape the apiserver under that selector (set --prometheus-apiserver-selector to the labels it uses)`,
  });
  const err = await t.throwsAsync(queryRange(prometheusEndpoint(prom.url), 'rate(x[', 0, 10, 1));
  t.regex(err.message, /^Prometheus query rate\(x\[: bad_data: /);
});

test('ksb run: an unreachable --prometheus-url fails before anything starts, naming the URL; the mock and a bad --k6-out are refused', async (t) => {
  const out = await tempDir(t, 'ksb-prom-cli-');
  const closed = `http://127.0.0.1:${await freePort()}`;
  const sd = `${out}.targets.json`; // never written: the run stops before anything starts
  const r = await runKsb([
    'run',
    'informer-storm',
    '--target',
    'local',
    '--prometheus-url',
    closed,
    '--prometheus-file-sd',
    sd,
    '--out',
    out,
  ]);
  t.is(r.code, 2, r.stderr);
  t.regex(
    r.stderr,
    new RegExp(
      `^ksb: --prometheus-url ${closed}: no answer \\(connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\); expected Prometheus's HTTP API`,
    ),
  );
  t.deepEqual(await readdir(out), [], 'no run directory: nothing started');
  const mock = await runKsb(['run', 'informer-storm', '--target', 'mock', '--prometheus-url', closed, '--out', out]);
  t.is(mock.code, 2);
  t.regex(mock.stderr, /^ksb: --prometheus-url: the mock is a Node process started per repetition that no Prometheus scrapes/);
  const k6 = await runKsb(['run', 'informer-storm', '--k6-out', 'prometheus=http://x', '--out', out]);
  t.is(k6.code, 2);
  t.regex(k6.stderr, /^ksb: --k6-out prometheus=http:\/\/x: unknown k6 output "prometheus"/);
});
