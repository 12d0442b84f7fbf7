// `ksb export results` (src/report/bench-formats.ts): each format's shape, field by field, from a synthetic run
// (and its comparison) whose figures are known by hand.
import test from 'ava';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runKsb } from '../helpers/cli.js';
import { fakeRun } from '../helpers/fake-run.js';
import { tempDir } from '../helpers/tmp.js';

const MiB = 2 ** 20;
const CLIENTS = [
  {
    scenario: 'informers',
    client: 'client-go',
    library: 'client-go v0.33.13 in k6 v1.7.1 (k6/x/kube 66509347c107)',
    content_type: 'protobuf',
    transport: 'HTTP/2 on TLS targets (HTTP/1.1 on plain http)',
  },
];
// Student's t, 97.5th percentile, 2 degrees of freedom (tables: 4.303): the 95% interval of a mean of 3.
const T_2 = 4.302652729911275;
const LEGACY = [200, 210, 220];
const STREAMING = [150, 160, 170];

async function sampleRun(t: Parameters<typeof tempDir>[0], peaks = { legacy: LEGACY, streaming: STREAMING }) {
  const root = await tempDir(t, 'ksb-export-');
  const run = await fakeRun(
    root,
    'run-1',
    { legacy: { peaksMiB: peaks.legacy }, streaming: { peaksMiB: peaks.streaming } },
    { clients: CLIENTS },
  );
  return { root, run };
}

async function exported(args: string[]): Promise<unknown> {
  const r = await runKsb(['export', 'results', ...args]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
}

const close = (t: { true(c: boolean, m?: string): void }, got: number, want: number, what: string) =>
  t.true(Math.abs(got - want) <= Math.abs(want) * 1e-9 + 1e-9, `${what}: ${got} vs ${want}`);

test('github-action-benchmark: customSmallerIsBetter records with the mean, its 95% interval and the client', async (t) => {
  const { run } = await sampleRun(t);
  const records = (await exported([run, '--format', 'github-action-benchmark'])) as Array<Record<string, unknown>>;
  t.true(Array.isArray(records) && records.length > 0);
  for (const r of records) {
    t.deepEqual(
      Object.keys(r).filter((k) => !['name', 'unit', 'value', 'range', 'extra'].includes(k)),
      [],
      'only the fields the action reads',
    );
    t.is(typeof r.name, 'string');
    t.is(typeof r.unit, 'string');
    t.true(typeof r.value === 'number' && Number.isFinite(r.value), `${String(r.name)}: value`);
    if ('range' in r) t.is(typeof r.range, 'string');
    t.is(typeof r.extra, 'string');
  }
  const peak = records.find((r) => r.name === 'informer-storm/legacy [client-go] apiserver_rss_peak_bytes')!;
  t.truthy(peak, records.map((r) => r.name).join('\n'));
  t.is(peak.unit, 'bytes');
  t.is(peak.value, 210 * MiB);
  const half = (T_2 * 10 * MiB) / Math.sqrt(3);
  const m = /^± ([\d.]+) \(95% CI of the mean\)$/.exec(String(peak.range));
  t.truthy(m, String(peak.range));
  close(t, Number(m![1]), half, 'range');
  t.regex(String(peak.extra), /client: informers: client-go v0\.33\.13 in k6 v1\.7\.1 \(k6\/x\/kube 66509347c107\), protobuf/);
  t.regex(String(peak.extra), /repetitions: 3/);
  t.regex(String(peak.extra), /run: run-1/);
  const synced = records.find((r) => r.name === 'informer-storm/streaming [client-go] time_to_synced_p50_ms')!;
  t.is(synced.unit, 'ms');
  t.is(synced.value, 115); // each repetition's informers synced in 100, 110, 120 and 130 ms
  t.is(synced.range, '± 0 (95% CI of the mean)');
});

test('Bencher Metric Format: benchmark → measure → value with lower and upper from the 95% interval', async (t) => {
  const { run } = await sampleRun(t);
  const bmf = (await exported([run, '--format', 'bmf'])) as Record<string, Record<string, Record<string, number>>>;
  t.deepEqual(Object.keys(bmf).sort(), ['informer-storm/legacy [client-go]', 'informer-storm/streaming [client-go]']);
  for (const measures of Object.values(bmf))
    for (const [measure, v] of Object.entries(measures)) {
      t.deepEqual(
        Object.keys(v).filter((k) => !['value', 'lower_value', 'upper_value'].includes(k)),
        [],
        measure,
      );
      if ('lower_value' in v) t.true(v.lower_value <= v.value! && v.value! <= v.upper_value!, `${measure}: lower ≤ value ≤ upper`);
    }
  const peak = bmf['informer-storm/streaming [client-go]']!.apiserver_rss_peak_bytes!;
  const half = (T_2 * 10 * MiB) / Math.sqrt(3);
  t.is(peak.value, 160 * MiB);
  close(t, peak.lower_value!, 160 * MiB - half, 'lower_value');
  close(t, peak.upper_value!, 160 * MiB + half, 'upper_value');
});

test('a single repetition has no interval: no range, no lower or upper value', async (t) => {
  const { run } = await sampleRun(t, { legacy: [200], streaming: [150] });
  const records = (await exported([run, '--format', 'github-action-benchmark'])) as Array<Record<string, unknown>>;
  const peak = records.find((r) => r.name === 'informer-storm/legacy [client-go] apiserver_rss_peak_bytes')!;
  t.is(peak.value, 200 * MiB);
  t.false('range' in peak);
  const bmf = (await exported([run, '--format', 'bmf'])) as Record<string, Record<string, Record<string, number>>>;
  t.deepEqual(bmf['informer-storm/legacy [client-go]']!.apiserver_rss_peak_bytes, { value: 200 * MiB });
});

test('perfdash PerfData: version, and per metric Perc50/90/99, unit and labels naming the client', async (t) => {
  const { run } = await sampleRun(t);
  const perf = (await exported([run, '--format', 'perfdash'])) as {
    version: string;
    dataItems: Array<{ data: Record<string, number>; unit: string; labels: Record<string, string> }>;
  };
  t.deepEqual(Object.keys(perf).sort(), ['dataItems', 'version']);
  t.is(perf.version, 'v1');
  for (const item of perf.dataItems) {
    t.deepEqual(Object.keys(item).sort(), ['data', 'labels', 'unit']);
    t.deepEqual(Object.keys(item.data).sort(), ['Perc50', 'Perc90', 'Perc99']);
    t.true(
      Object.values(item.labels).every((v) => typeof v === 'string'),
      'perfdash labels are strings',
    );
  }
  const peak = perf.dataItems.find((d) => d.labels.Metric === 'apiserver_rss_peak_bytes' && d.labels.Variant === 'legacy')!;
  t.is(peak.unit, 'bytes');
  // numpy-style percentiles of 200, 210, 220 MiB
  t.deepEqual(peak.data, { Perc50: 210 * MiB, Perc90: 218 * MiB, Perc99: 219.8 * MiB });
  t.like(peak.labels, { Workload: 'informer-storm', Client: 'client-go', RunID: 'run-1', Samples: '3' });
  t.regex(peak.labels.ClientLibrary!, /^informers: client-go v0\.33\.13/);
  const synced = perf.dataItems.find((d) => d.labels.Metric === 'time_to_synced_ms' && d.labels.Variant === 'streaming')!;
  t.is(synced.unit, 'ms');
  t.deepEqual(synced.data, { Perc50: 115, Perc90: 130, Perc99: 130 });
});

test('a comparison exports ratios with their 95% interval; perfdash refuses it by name', async (t) => {
  const { root, run } = await sampleRun(t);
  const cmp = await runKsb(['compare', run, '--out', join(root, 'cmp')]);
  t.is(cmp.code, 0, cmp.stderr);
  const [name] = await readdir(join(root, 'cmp'));
  const dir = join(root, 'cmp', name!);
  const ratio = Math.cbrt(150 * 160 * 170) / Math.cbrt(200 * 210 * 220); // ratio of geometric means
  const records = (await exported([dir, '--format', 'github-action-benchmark'])) as Array<Record<string, unknown>>;
  const peak = records.find((r) => r.name === 'informer-storm/streaming vs legacy [client-go] apiserver_rss_peak_bytes')!;
  t.truthy(peak, records.map((r) => r.name).join('\n'));
  t.is(peak.unit, 'ratio');
  close(t, Number(peak.value), Number(ratio.toPrecision(10)), 'ratio');
  t.regex(String(peak.range), /^[\d.]+–[\d.]+ \(95% CI\)$/);
  t.regex(String(peak.extra), /baseline: informers: client-go v0\.33\.13.*\ncandidate: informers: client-go v0\.33\.13/s);
  t.regex(String(peak.extra), /3 baseline, 3 candidate repetitions; verdict: improved/);
  const bmf = (await exported([dir, '--format', 'bmf'])) as Record<string, Record<string, Record<string, number>>>;
  const b = bmf['informer-storm/streaming vs legacy [client-go]']!.apiserver_rss_peak_bytes!;
  close(t, b.value!, Number(ratio.toPrecision(10)), 'bmf ratio');
  t.true(b.lower_value! < b.value! && b.value! < b.upper_value! && b.upper_value! < 1, JSON.stringify(b));
  const perf = await runKsb(['export', 'results', dir, '--format', 'perfdash']);
  t.is(perf.code, 2);
  t.regex(perf.stderr, /^ksb: .*perfdash draws percentiles of one run, and a comparison holds ratios/);
});

test('-o writes the file atomically; bad input is a one-line error with exit 2', async (t) => {
  const { root, run } = await sampleRun(t);
  const out = join(root, 'bench.json');
  const ok = await runKsb(['export', 'results', run, '--format', 'bmf', '-o', out]);
  t.is(ok.code, 0, ok.stderr);
  t.is(ok.stdout, '');
  t.truthy(JSON.parse(await readFile(out, 'utf8')));
  t.deepEqual(
    (await readdir(root)).filter((f) => f.endsWith('.tmp')),
    [],
  );

  const format = await runKsb(['export', 'results', run, '--format', 'junit']);
  t.is(format.code, 2);
  t.is(format.stderr, 'ksb: --format junit: unknown format (choose one of github-action-benchmark, bmf, perfdash)\n');
  const missing = await runKsb(['export', 'results', join(root, 'nope'), '--format', 'bmf']);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /^ksb: .*nope: no such directory/);
  t.false(existsSync(join(root, 'nope')));
  const pooled = await runKsb(['export', 'results', root, '--format', 'bmf', '-o', join(root, 'x.json')]);
  t.is(pooled.code, 0, 'a directory of runs is pooled as compare pools it');
});
