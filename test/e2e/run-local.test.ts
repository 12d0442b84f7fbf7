// End to end on the real control plane: kube-apiserver 1.33 + etcd built from Go modules, both variants.
import test from 'ava';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topHeapSitesOfFile } from '../../src/results/heap-top.js';
import { runBenchmark } from '../../src/run/run.js';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { readCsv, readManifest } from '../helpers/results.js';
import { requiredEngine } from '../helpers/engine.js';
import { tokenRecordingLocalTarget } from '../helpers/local-tokens.js';
import { portIsOpen } from '../helpers/net.js';

test('informer-storm on the local kube-apiserver: real version and gates recorded, real pids sampled, nothing left running', async (t) => {
  const engine = await requiredEngine();
  const out = await mkdtemp(join(tmpdir(), 'ksb-e2e-local-'));
  // Remember each target's tokens, to look for them in every file the run wrote.
  const { provider, tokens } = tokenRecordingLocalTarget('1.33.13');
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const result = await runBenchmark({
    workload: BUILT_IN.find((w) => w.name === 'informer-storm')!,
    sets: ['informers=4', 'objects=30', 'objectSize=8KiB', 'duration=5s', 'churnPerSecond=5'],
    variants: ['legacy', 'streaming'],
    reps: 1,
    outRoot: out,
    target: provider,
    engine,
    version: 'test',
    log: () => {},
  });
  const manifest = await readManifest(result.dir);
  t.is(manifest.status, 'complete', JSON.stringify(manifest.repetitions));
  const [legacy, streaming] = manifest.repetitions;
  for (const rep of [legacy, streaming]) {
    t.is(rep.target.kind, 'local');
    t.is(rep.target.version.gitVersion, 'v1.33.13');
    t.is(rep.target.details.kube_version, '1.33.13');
    t.regex(rep.target.details.etcd_version, /^v3\.5\.(1[3-9]|[2-9]\d)$/);
  }
  t.deepEqual(legacy.target.featureGates, {
    WatchList: false,
    StreamingCollectionEncodingToJSON: false,
    StreamingCollectionEncodingToProtobuf: false,
  });
  t.deepEqual(streaming.target.featureGates, {
    WatchList: true,
    StreamingCollectionEncodingToJSON: true,
    StreamingCollectionEncodingToProtobuf: true,
  });
  t.true(tokens.length >= 2, 'each target had a token');
  for (const file of await readdir(result.dir, { recursive: true })) {
    const path = join(result.dir, file);
    if (!(await stat(path)).isFile()) continue;
    const text = await readFile(path, 'utf8');
    for (const token of tokens) t.false(text.includes(token), `${file} holds no token`);
  }

  const samples = await readCsv(result.dir, 'samples.csv');
  for (const variant of ['legacy', 'streaming']) {
    const proc = samples.rows.filter((s) => s.variant === variant && s.source === 'proc' && s.metric === 'apiserver_rss_bytes');
    t.true(proc.length > 20, `${variant}: ${proc.length} /proc samples of kube-apiserver`);
    t.true(samples.rows.some((s) => s.variant === variant && s.metric === 'etcd_rss_bytes'));
    t.true(
      samples.rows.some((s) => s.variant === variant && s.metric === 'go_memstats_heap_inuse_bytes'),
      "the real apiserver's Go heap from /metrics",
    );
  }
  // Heap profiles at peak memory and after the load, readable as Go heap profiles; allocations and GC counted.
  for (const rep of [legacy, streaming]) {
    t.falsy(rep.profiles.note, rep.profiles.note);
    t.is(rep.profiles.peak, `pprof/${rep.variant}-rep1-peak.pb.gz`);
    t.is(rep.profiles.after, `pprof/${rep.variant}-rep1-after.pb.gz`);
    t.true(rep.profiles.peakRssBytes > 0);
    const sites = await topHeapSitesOfFile(join(result.dir, rep.profiles.peak));
    t.true(sites.length > 0 && sites[0]!.bytes > 0, JSON.stringify(sites.slice(0, 2)));
  }
  const summary = await readCsv(result.dir, 'summary.csv');
  for (const variant of ['legacy', 'streaming']) {
    for (const metric of ['apiserver_allocated_bytes', 'apiserver_cpu_seconds']) {
      const row = summary.rows.find((r) => r.variant === variant && r.metric === metric);
      t.true(Number(row?.mean) > 0, `${variant} ${metric}: ${row?.mean}`);
    }
    // A short load may end before Go's GC runs at all: the count is there, and may be 0.
    const gc = summary.rows.find((r) => r.variant === variant && r.metric === 'apiserver_gc_cycles');
    t.true(Number(gc?.mean) >= 0, `${variant} apiserver_gc_cycles: ${gc?.mean}`);
  }
  const requests = await readCsv(result.dir, 'requests.csv');
  t.is(requests.rows.filter((r) => r.variant === 'legacy' && r.op === 'list' && !r.error).length, 4);
  t.is(requests.rows.filter((r) => r.variant === 'streaming' && r.op === 'watchlist' && !r.error && r.objects === '30').length, 4);
  t.is(requests.rows.filter((r) => r.error).length, 0, JSON.stringify(requests.rows.filter((r) => r.error).slice(0, 3)));

  for (const rep of [legacy, streaming]) {
    for (const pid of [rep.target.details.apiserver_pid, rep.target.details.etcd_pid]) {
      const cmdline = existsSync(`/proc/${pid}/cmdline`) ? await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '') : '';
      t.false(/kube-apiserver|etcd/.test(cmdline), `pid ${pid} is gone after the run`);
    }
    const port = Number(
      rep.target.details.apiserver_flags.find((f: string) => f.startsWith('--secure-port')).replace('--secure-port=', ''),
    );
    t.true(port > 0);
    t.false(await portIsOpen(port), `nothing listens on ${port} after the run`);
  }
});
