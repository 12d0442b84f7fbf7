// --k6-out: the spec's shape is checked, credentials in it are masked wherever it is shown, and k6 gets it beside
// the project's own JSON output.
import test from 'ava';
import { InputError } from '../../src/errors/input-error.js';
import { k6OutputArgs, parseK6Out } from '../../src/run/k6-outputs.js';

const shown: Array<[string, string]> = [
  ['experimental-prometheus-rw', 'experimental-prometheus-rw'],
  ['json=/tmp/k6.json', 'json=/tmp/k6.json'],
  ['influxdb=http://user:hunter2@influx:8086/k6', 'influxdb=http://***@influx:8086/k6'],
  ['influxdb=https://influx:8086/k6?token=abc', 'influxdb=https://influx:8086/k6?***'],
  ['csv=out.csv', 'csv=out.csv'],
];
for (const [spec, want] of shown) {
  test(`--k6-out ${spec} is passed as is and shown as ${want}`, (t) => {
    const o = parseK6Out(spec);
    t.is(o.spec, spec);
    t.is(o.shown, want);
  });
}

const bad: Array<[string, string]> = [
  [
    'prometheus',
    '--k6-out prometheus: unknown k6 output "prometheus" (expected <type> or <type>=<argument>, type one of cloud, csv, experimental-opentelemetry, experimental-prometheus-rw, influxdb, json, opentelemetry, statsd, web-dashboard)',
  ],
  ['json=', '--k6-out json=: nothing after "=" (write just "json" for its defaults)'],
  [
    '=x',
    '--k6-out =x: unknown k6 output "" (expected <type> or <type>=<argument>, type one of cloud, csv, experimental-opentelemetry, experimental-prometheus-rw, influxdb, json, opentelemetry, statsd, web-dashboard)',
  ],
];
for (const [spec, message] of bad) {
  test(`--k6-out ${JSON.stringify(spec)} is refused by name`, (t) => {
    t.throws(() => parseK6Out(spec), { instanceOf: InputError, message });
  });
}

test('an unknown output with credentials in it is refused without showing them', (t) => {
  const e = t.throws(() => parseK6Out('influx=http://u:hunter2@h/db'));
  t.false(e.message.includes('hunter2'), e.message);
});

test('k6 arguments: every output, a testid tag per run, and the trend stats the dashboard draws', (t) => {
  t.deepEqual(k6OutputArgs([], 'run-1'), { args: [], env: {} });
  const saved = process.env.K6_PROMETHEUS_RW_TREND_STATS;
  delete process.env.K6_PROMETHEUS_RW_TREND_STATS;
  t.teardown(() => {
    if (saved !== undefined) process.env.K6_PROMETHEUS_RW_TREND_STATS = saved;
  });
  const both = k6OutputArgs([parseK6Out('experimental-prometheus-rw'), parseK6Out('json=x.json')], 'run-1');
  t.deepEqual(both.args, ['--out', 'experimental-prometheus-rw', '--out', 'json=x.json', '--tag', 'testid=run-1']);
  t.deepEqual(both.env, { K6_PROMETHEUS_RW_TREND_STATS: 'p(50),p(90),p(99),max,count' });
  process.env.K6_PROMETHEUS_RW_TREND_STATS = 'p(95)';
  t.deepEqual(k6OutputArgs([parseK6Out('experimental-prometheus-rw')], 'r').env, {}, "the user's own choice stands");
  t.deepEqual(k6OutputArgs([parseK6Out('csv')], 'r').env, {});
});
