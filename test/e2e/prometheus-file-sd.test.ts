// --prometheus-url with the local target: ksb lists each repetition's new kube-apiserver and etcd in a file_sd
// file that a real Prometheus reads, lets /metrics be read without a token, and takes the figures back by PromQL.
import test from 'ava';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mean } from '../../src/stats/stats.js';
import { runKsb } from '../helpers/cli.js';
import { startPrometheus } from '../helpers/prometheus.js';
import { readCsv, readManifest } from '../helpers/results.js';
import { tempDir } from '../helpers/tmp.js';

test('the local target is discovered through --prometheus-file-sd each repetition; PromQL agrees with /proc within 5%', async (t) => {
  const dir = await tempDir(t, 'ksb-file-sd-');
  const sd = join(dir, 'ksb-targets.json');
  await writeFile(sd, '[]\n');
  const prom = await startPrometheus(t, [
    { job_name: 'ksb-local', tls_config: { insecure_skip_verify: true }, file_sd_configs: [{ files: [sd], refresh_interval: '1s' }] },
  ]);
  const r = await runKsb(
    [
      'run',
      'informer-storm',
      '--target',
      'local',
      '--variant',
      'both',
      '--set',
      'informers=4',
      '--set',
      'objects=30',
      '--set',
      'objectSize=8KiB',
      '--set',
      'duration=5s',
      '--set',
      'churnPerSecond=0',
      '--prometheus-url',
      prom.url,
      '--prometheus-step',
      '1s',
      '--prometheus-file-sd',
      sd,
      '--out',
      join(dir, 'results'),
    ],
    { timeoutMs: 240_000 },
  );
  t.is(r.code, 0, `${r.stderr}\n${prom.logs()}`);
  t.regex(r.stderr, /listed in .*ksb-targets\.json for Prometheus/);
  t.deepEqual(JSON.parse(await readFile(sd, 'utf8')), [], 'emptied when the target stopped');
  const runDir = join(dir, 'results', (await readdir(join(dir, 'results')))[0]!);
  const manifest = await readManifest(runDir);
  const samples = (await readCsv(runDir, 'samples.csv')).rows;
  const instances = new Set<string>();
  for (const variant of ['legacy', 'streaming']) {
    const rep = manifest.repetitions.find((x: { variant: string }) => x.variant === variant);
    // A fresh apiserver has no WatchList durations until a WatchList completes (legacy makes none): only that may be missing.
    const missing = (rep.prometheus.missing as unknown[]).map((m) => JSON.stringify(m));
    t.true(
      missing.every((m) => m.includes('apiserver_watch_list_duration_seconds')),
      `${variant}: missing ${missing.join('; ')}`,
    );
    const during = samples.filter((s) => s.variant === variant && Number(s.t_ms) >= 0);
    const of = (source: string, metric: string, labels: string) =>
      during.filter((s) => s.source === source && s.metric === metric && (s.labels ?? '').includes(labels)).map((s) => Number(s.value));
    const promRss = of('prometheus', 'process_resident_memory_bytes', 'job="apiserver"');
    const procRss = of('proc', 'apiserver_rss_bytes', '');
    t.true(promRss.length >= 3, `${variant}: ${promRss.length} PromQL samples`);
    t.true(of('prometheus', 'process_resident_memory_bytes', 'job="etcd"').length > 0, `${variant}: etcd through PromQL`);
    const labels = during.find((s) => s.source === 'prometheus' && (s.labels ?? '').includes('job="apiserver"'))?.labels ?? '';
    const instance = /instance="([^"]+)"/.exec(labels)?.[1] ?? '';
    instances.add(instance);
    const diff = mean(promRss) / mean(procRss) - 1;
    t.log(`${variant}: apiserver RSS during the load, PromQL vs /proc: mean ${(diff * 100).toFixed(2)}%`);
    t.true(Math.abs(diff) < 0.05, `${variant}: mean RSS differs by ${(diff * 100).toFixed(2)}%`);
  }
  t.is(instances.size, 2, 'each repetition was a new apiserver, found through the file');
});

test('--prometheus-url with the local target needs --prometheus-file-sd, and the file is for the local target only', async (t) => {
  const a = await runKsb(['run', 'informer-storm', '--target', 'local', '--prometheus-url', 'http://127.0.0.1:1']);
  t.is(a.code, 2);
  t.regex(a.stderr, /--prometheus-url with --target local: .*pass --prometheus-file-sd <file>/);
  const b = await runKsb(['run', 'informer-storm', '--prometheus-file-sd', '/tmp/x.json']);
  t.is(b.code, 2);
  t.regex(b.stderr, /--prometheus-file-sd: only the local target/);
});
