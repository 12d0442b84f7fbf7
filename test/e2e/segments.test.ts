// The compiled script split by k6 execution segments (as k6-operator does across runners) must add up to
// the same informers and LISTs as one undivided run.
import test from 'ava';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compileK6Script } from '../../src/compile/compile.js';
import { readK6Json } from '../../src/results/k6-json.js';
import { churn, defineWorkload, informers, listStorm, param } from '../../src/workload/index.js';
import { buildPlan, resolveWorkload } from '../../src/workload/resolve.js';
import { createNamespace, raw } from '../helpers/raw.js';
import { startMock } from '../helpers/target.js';
import { tempDir } from '../helpers/tmp.js';
import { requiredK6 } from '../helpers/k6.js';

const run = promisify(execFile);

const mixed = defineWorkload({
  name: 'segment-check',
  description: 'informers and LISTs whose totals must survive a split',
  params: { informers: param.int('informers', 7) },
  seed: () => ({ resource: 'configmaps', namespace: 'seg', count: 5, objectBytes: 512 }),
  scenarios: (p) => [
    informers({ count: p.informers, resource: 'configmaps', namespace: 'seg', holdMs: 3000 }),
    listStorm({ concurrency: 3, repeats: 2, resource: 'configmaps', namespace: 'seg', mode: 'rv0' }),
    churn({ ratePerSecond: 2, durationMs: 1000, resource: 'configmaps', namespace: 'seg', objects: 5, startAfterMs: 500 }),
  ],
});

interface Totals {
  informers: number[];
  ids: string[];
  lists: number;
}

async function informerIds(jsonOut: string): Promise<string[]> {
  return (await readFile(jsonOut, 'utf8'))
    .split('\n')
    .filter((l) => l.includes('"ksb_time_to_synced_ms"') && l.includes('"Point"'))
    .map((l) => {
      const d = JSON.parse(l).data;
      return (d.metadata?.informer ?? d.tags.informer) as string;
    });
}

async function k6Totals(k6: string, script: string, url: string, jsonOut: string, segment?: [string, string]): Promise<Totals> {
  const args = ['run', '--quiet', '--summary-mode=disabled', '--out', `json=${jsonOut}`];
  if (segment) args.push('--execution-segment', segment[0], '--execution-segment-sequence', segment[1]);
  await run(k6, [...args, script], { env: { ...process.env, K6_AUTO_EXTENSION_RESOLUTION: 'false', KSB_TARGET_URL: url } });
  const data = await readK6Json(jsonOut, 0);
  const syncs = data.requests.filter((r) => r.scenario === 'informers' && r.op === 'watchlist' && !r.error);
  return {
    informers: syncs.map((r) => Number(r.objects)),
    ids: await informerIds(jsonOut),
    lists: data.requests.filter((r) => r.scenario === 'list_storm' && r.op === 'list' && !r.error).length,
  };
}

test('three k6 processes with complementary execution segments add up to one undivided run', async (t) => {
  const k6 = await requiredK6();
  const dir = await tempDir(t, 'ksb-seg-');
  const mock = await startMock({ featureGates: 'WatchList=true' });
  t.teardown(() => mock.close());
  await createNamespace(mock, 'seg');
  for (let i = 0; i < 5; i++)
    await raw(mock, 'POST', '/api/v1/namespaces/seg/configmaps', {
      body: { metadata: { name: `ksb-${String(i).padStart(6, '0')}` }, data: { k: 'v' } },
    });

  const plan = buildPlan(resolveWorkload(mixed, []), 'streaming', {
    informersPerVU: 2,
    readBodyLimitBytes: 1 << 20,
    syncTimeoutMs: 30_000,
  });
  const script = join(dir, 'script.js');
  await writeFile(script, await compileK6Script(plan, 'test'));

  const whole = await k6Totals(k6.path, script, mock.url, join(dir, 'whole.json'));
  t.is(whole.informers.length, 7);
  t.is(whole.lists, 6);

  const sequence = '0,1/3,2/3,1';
  const parts = await Promise.all(
    ['0:1/3', '1/3:2/3', '2/3:1'].map((seg, i) => k6Totals(k6.path, script, mock.url, join(dir, `part${i}.json`), [seg, sequence])),
  );
  t.is(
    parts.reduce((a, p) => a + p.informers.length, 0),
    7,
    `informers synced per runner: ${parts.map((p) => p.informers.length).join(', ')}`,
  );
  t.is(
    parts.reduce((a, p) => a + p.lists, 0),
    6,
    `LISTs per runner: ${parts.map((p) => p.lists).join(', ')}`,
  );
  t.true(
    parts.every((p) => p.informers.every((objects) => objects === 5)),
    'every informer saw the whole collection',
  );
  const ids = parts.flatMap((p) => p.ids).sort();
  t.deepEqual(ids, ['0', '1', '2', '3', '4', '5', '6'], 'informer identities are unique across runners and cover the total');
  t.deepEqual([...whole.ids].sort(), ids);
});
