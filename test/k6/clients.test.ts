// The default engine end to end against the real mock: client-go informers and LISTs in ksb-runner produce
// requests.csv rows; run.json and the summary say which client ran and what it cost. (k6's JS client is
// bring-your-own: the k6 double runs its scripts, test/compile/k6-double.test.ts.)
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { runBenchmark } from '../../src/run/run.js';
import { mockTarget } from '../../src/targets/mock-target.js';
import { resolveWorkload } from '../../src/workload/resolve.js';
import { requiredEngine } from '../helpers/engine.js';
import { readCsv, readManifest } from '../helpers/results.js';

const workload = (name: string) => BUILT_IN.find((w) => w.name === name)!;

async function run(t: { teardown(fn: () => Promise<void>): void }, name: string, sets: string[], variants = ['legacy', 'streaming']) {
  const out = await mkdtemp(join(tmpdir(), 'ksb-clients-'));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const result = await runBenchmark({
    workload: workload(name),
    sets,
    variants,
    reps: 1,
    outRoot: out,
    target: mockTarget,
    engine: await requiredEngine(),
    version: 'test',
    log: () => {},
  });
  return {
    result,
    manifest: await readManifest(result.dir),
    requests: (await readCsv(result.dir, 'requests.csv')).rows,
    samples: (await readCsv(result.dir, 'samples.csv')).rows,
    summary: (await readCsv(result.dir, 'summary.csv')).rows,
  };
}

for (const client of ['client-go'] as const) {
  test.serial(
    `informer-storm with client=${client}: a sync per informer with every object, held after the sync, client named and costed`,
    async (t) => {
      const { manifest, requests, samples, summary, result } = await run(t, 'informer-storm', [
        'informers=3',
        'objects=40',
        'objectSize=8KiB',
        'duration=2s',
        'churnPerSecond=0',
        `client=${client}`,
      ]);
      t.is(manifest.status, 'complete', JSON.stringify(manifest.repetitions));
      t.is(manifest.clients.length, 1);
      t.is(manifest.clients[0].client, client);
      t.regex(manifest.clients[0].library, /^client-go v0\.\d+\.\d+ in ksb-runner \d+\.\d+\.\d+ \(go[\d.]+\)$/);
      t.regex(result.summaryText, /clients: informers: client-go v0\./);
      t.regex(result.summaryText, /^engine: ksb-runner \d+\.\d+\.\d+ \(go[\d.]+, client-go v0\.\d+\.\d+\)$/m);
      t.deepEqual(
        requests.filter((r) => r.error),
        [],
        'no errors',
      );
      for (const [variant, op] of [
        ['legacy', 'list'],
        ['streaming', 'watchlist'],
      ] as const) {
        const syncs = requests.filter((r) => r.variant === variant && r.op === op);
        t.is(syncs.length, 3, `${variant}: one ${op} per informer`);
        for (const s of syncs) {
          t.is(s.objects, '40', `${variant} ${op} objects`);
          // 8 KiB objects carry 6 KiB of Secret data: base64 in JSON, raw in protobuf (the client-go default).
          t.true(Number(s.bytes) > 40 * 6 * 1024, `${variant} ${op} bytes ${s.bytes}`);
        }
        // The hold starts when every informer has synced: each watch stays open at least the 2 s after its sync.
        const watches = requests.filter((r) => r.variant === variant && r.op === 'watch');
        t.is(watches.length, 3, `${variant} watches`);
        for (const w of watches) t.true(Number(w.duration_ms) >= 1900, `${variant} watch held ${w.duration_ms} ms`);
        for (const metric of ['client_cpu_seconds', 'client_rss_bytes', 'apiserver_cpu_seconds'])
          t.true(
            samples.some((s) => s.variant === variant && s.metric === metric),
            `${variant} ${metric}`,
          );
        for (const metric of ['client_cpu_seconds', 'client_rss_peak_bytes', 'apiserver_cpu_seconds']) {
          const row = summary.find((s) => s.variant === variant && s.metric === metric);
          t.truthy(row, `${variant} summary ${metric}`);
          t.true(Number(row!.mean) > 0, `${variant} ${metric} ${row?.mean}`);
        }
      }
    },
  );
}

test.serial('large-list with client-go: whole, paginated and decoded LISTs count every item', async (t) => {
  for (const extra of [['listMode=rv0'], ['listMode=paginated', 'pageSize=7'], ['listMode=consistent', 'decode=true']]) {
    const { manifest, requests } = await run(
      t,
      'large-list',
      ['clients=2', 'repeats=2', 'objects=30', 'objectSize=4KiB', ...extra],
      ['streaming'],
    );
    t.is(manifest.status, 'complete');
    t.is(manifest.clients[0].client, 'client-go');
    const lists = requests.filter((r) => r.op === 'list');
    t.is(lists.length, 4, extra.join(' '));
    for (const l of lists) {
      t.is(l.error, '', extra.join(' '));
      t.is(l.objects, '30', `${extra.join(' ')}: ${JSON.stringify(l)}`);
      t.true(Number(l.bytes) > 30 * 4096, `${extra.join(' ')} bytes ${l.bytes}`);
      t.not(l.ttfb_ms, '');
    }
  }
});

test.serial(
  'client-go in protobuf on the mock: informers sync in both modes and LISTs count every item, in fewer bytes than JSON',
  async (t) => {
    const storm = await run(t, 'informer-storm', [
      'informers=2',
      'objects=20',
      'objectSize=4KiB',
      'duration=1s',
      'churnPerSecond=0',
      'contentType=protobuf',
    ]);
    t.is(storm.manifest.status, 'complete', JSON.stringify(storm.manifest.repetitions));
    t.deepEqual(
      storm.requests.filter((r) => r.error),
      [],
      'no errors',
    );
    for (const [variant, op] of [
      ['legacy', 'list'],
      ['streaming', 'watchlist'],
    ] as const) {
      const syncs = storm.requests.filter((r) => r.variant === variant && r.op === op);
      t.is(syncs.length, 2, `${variant}: one ${op} per informer`);
      for (const s of syncs) t.is(s.objects, '20', `${variant} ${op}`);
    }
    const bytesOf = async (accept: string) => {
      const { requests } = await run(
        t,
        'large-list',
        ['clients=1', 'repeats=1', 'resource=secrets', 'objects=20', 'objectSize=4KiB', `accept=${accept}`, 'client=client-go'],
        ['streaming'],
      );
      const list = requests.find((r) => r.op === 'list')!;
      t.is(list.error, '', accept);
      t.is(list.objects, '20', accept);
      return Number(list.bytes);
    };
    const [json, protobuf] = [await bytesOf('json'), await bytesOf('protobuf')];
    // Secret data travels as raw bytes in protobuf and as base64 in JSON: about 3/4 of the size.
    t.true(protobuf < json * 0.85, `protobuf ${protobuf} bytes vs json ${json}`);
  },
);

test('an unknown client is a parameter error that lists the choices', (t) => {
  const e = t.throws(() => resolveWorkload(workload('informer-storm'), ['client=python']));
  t.is(e?.message, 'client: expected one of client-go, js, got "python"');
  const e2 = t.throws(() => resolveWorkload(workload('informer-storm'), ['contentType=yaml']));
  t.is(e2?.message, 'contentType: expected one of json, protobuf, cbor, default, got "yaml"');
  const e3 = t.throws(() => resolveWorkload(workload('large-list'), ['client=js', 'accept=protobuf', 'listMode=paginated']));
  t.is(
    e3?.message,
    'large-list: scenarios[0]: accept=protobuf with client=js cannot paginate (the JS client does not decode protobuf); use client=client-go',
  );
});

test.serial('client=js with the default engine is refused before any target starts, naming --engine k6', async (t) => {
  const out = await mkdtemp(join(tmpdir(), 'ksb-clients-'));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const started: string[] = [];
  await t.throwsAsync(
    runBenchmark({
      workload: workload('informer-storm'),
      sets: ['client=js'],
      variants: ['streaming'],
      reps: 1,
      outRoot: out,
      target: { ...mockTarget, start: (v) => (started.push(v.name), mockTarget.start(v)) },
      engine: await requiredEngine(),
      version: 'test',
      log: () => {},
    }),
    { message: /--set client=js \(scenario informers\) is k6's JavaScript client: run it with --engine k6 and your own k6/ },
  );
  t.deepEqual(started, []);
});
