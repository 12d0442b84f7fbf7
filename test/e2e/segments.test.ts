// A plan split by ksb-runner's --segment (as an Indexed Job does across pods) must add up to the same
// informers, LISTs and PATCHes as one undivided run.
import test from 'ava';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readRunnerJson } from '../../src/results/runner-json.js';
import { churn, defineWorkload, informers, listStorm, param } from '../../src/workload/index.js';
import { buildPlan, resolveWorkload } from '../../src/workload/resolve.js';
import { createNamespace, raw } from '../helpers/raw.js';
import { startMock } from '../helpers/target.js';
import { tempDir } from '../helpers/tmp.js';
import { requiredEngine } from '../helpers/engine.js';

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
  patches: number;
}

async function runnerTotals(runner: string, plan: string, url: string, out: string, segment?: string): Promise<Totals> {
  const args = ['run', '--plan', plan, '--out', out];
  if (segment) args.push('--segment', segment);
  await run(runner, args, { env: { ...process.env, KSB_TARGET_URL: url } });
  const data = await readRunnerJson(out, 0);
  const syncs = data.requests.filter((r) => r.scenario === 'informers' && r.op === 'watchlist' && !r.error);
  return {
    informers: syncs.map((r) => Number(r.objects)),
    ids: (await readFile(out, 'utf8'))
      .split('\n')
      .filter((l) => l.includes('"type":"synced"'))
      .map((l) => String((JSON.parse(l) as { informer: number }).informer)),
    lists: data.requests.filter((r) => r.scenario === 'list_storm' && r.op === 'list' && !r.error).length,
    patches: data.requests.filter((r) => r.op === 'patch' && !r.error).length,
  };
}

test('three runner processes with complementary segments add up to one undivided run', async (t) => {
  const engine = await requiredEngine();
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
  const planFile = join(dir, 'plan.json');
  await writeFile(planFile, JSON.stringify(plan));

  const whole = await runnerTotals(engine.path, planFile, mock.url, join(dir, 'whole.jsonl'));
  t.is(whole.informers.length, 7);
  t.is(whole.lists, 6);
  t.is(whole.patches, 2);

  const parts = await Promise.all(
    ['0/3', '1/3', '2/3'].map((seg, i) => runnerTotals(engine.path, planFile, mock.url, join(dir, `part${i}.jsonl`), seg)),
  );
  t.is(
    parts.reduce((a, p) => a + p.patches, 0),
    2,
    `PATCHes per runner: ${parts.map((p) => p.patches).join(', ')}`,
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
