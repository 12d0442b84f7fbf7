import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { capacitySentence, runCapacity } from '../../src/capacity/capacity.js';
import { brokenLimit, parseLimit } from '../../src/capacity/limits.js';
import { searchCapacity } from '../../src/capacity/search.js';
import { mockTarget } from '../../src/targets/mock-target.js';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { tempDir } from '../helpers/tmp.js';
import { requiredEngine } from '../helpers/engine.js';

const opts = { start: 1, max: 1024, factor: 2, precision: 0 };
const cases: Array<[string, (v: number) => boolean, typeof opts, number | undefined, number[]]> = [
  ['threshold at 37: doubling, then bisection to the exact value', (v) => v <= 37, opts, 37, [1, 2, 4, 8, 16, 32, 64, 48, 40, 36, 38, 37]],
  ['even the start fails', () => false, opts, undefined, [1]],
  ['never fails: stops at max', () => true, { ...opts, max: 20 }, 20, [1, 2, 4, 8, 16, 20]],
  ['coarse precision stops early', (v) => v <= 100, { ...opts, start: 10, precision: 0.25 }, 100, [10, 20, 40, 80, 160, 120, 100]],
  ['factor 3', (v) => v < 50, { ...opts, factor: 3 }, 49, [1, 3, 9, 27, 81, 54, 40, 47, 50, 48, 49]],
];
for (const [name, passes, o, expected, probes] of cases) {
  test(`capacity search: ${name}`, async (t) => {
    const r = await searchCapacity(async (v) => ({ passed: passes(v), why: passes(v) ? '' : 'over' }), o);
    t.is(r.largestPassing, expected);
    t.deepEqual(
      r.probes.map((p) => p.value),
      probes,
    );
  });
}

test('limits: parsing, units and the broken one named', (t) => {
  const rss = parseLimit('apiserver_rss_bytes<=2GiB', '--limit');
  t.is(rss.threshold, 2 * 1024 ** 3);
  const slo = parseLimit('time_to_synced_p99 < 30s', '--slo');
  t.like(slo, { metric: 'time_to_synced_p99', op: '<', threshold: 30_000 });
  t.throws(() => parseLimit('rss<=2GiB', '--limit'), {
    message: /--limit "rss<=2GiB": expected <metric><=<value> with metric one of apiserver_rss_bytes/,
  });
  t.throws(() => parseLimit('time_to_synced_p99<=fast', '--slo'), { message: /takes a duration like 30s, got "fast"/ });
  const figure = { rssPeakBytes: 3 * 1024 ** 3, syncedP99Ms: 10 } as never;
  t.regex(brokenLimit([slo, rss], figure)!, /^apiserver_rss_bytes 3221225472 broke apiserver_rss_bytes<=2GiB$/);
  t.is(brokenLimit([slo], figure), undefined);
});

test('the capacity sentence gives the ratio, and says when the search ran out of room', (t) => {
  const o = { param: 'informers', limits: [parseLimit('apiserver_rss_bytes<=2GiB', '--limit')], search: { ...opts, start: 4 } };
  t.is(
    capacitySentence(o, {
      legacy: { largestPassing: 24, smallestFailing: 25, probes: [] },
      streaming: { largestPassing: 410, smallestFailing: 420, probes: [] },
    }),
    'legacy held 24 informers under apiserver_rss_bytes<=2GiB; streaming held 410 (17.1×)',
  );
  t.is(
    capacitySentence(o, {
      legacy: { largestPassing: 24, smallestFailing: 25, probes: [] },
      streaming: { largestPassing: 512, probes: [] },
    }),
    'legacy held 24 informers under apiserver_rss_bytes<=2GiB; streaming held at least 512 (the search stopped at --max) (≥ 21.3×)',
  );
  t.is(
    capacitySentence(o, { legacy: { smallestFailing: 4, probes: [] } }),
    'legacy held none (even 4 failed) informers under apiserver_rss_bytes<=2GiB',
  );
});

test('a small real capacity search on the mock: probes are run directories, capacity.csv explains each', async (t) => {
  const engine = await requiredEngine();
  const out = await tempDir(t, 'ksb-capacity-');
  const result = await runCapacity({
    workload: BUILT_IN.find((w) => w.name === 'informer-storm')!,
    param: 'informers',
    sets: ['objects=40', 'objectSize=768KiB', 'duration=3s', 'churnPerSecond=0'],
    variants: ['legacy'],
    reps: 1,
    limits: [parseLimit('apiserver_rss_growth_bytes<=100MiB', '--limit')],
    search: { start: 1, max: 16, factor: 4, precision: 0.5 },
    outRoot: out,
    target: mockTarget,
    engine,
    version: 'test',
    log: () => {},
  });
  const rows = parse(await readFile(join(result.dir, 'capacity.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  t.true(rows.length >= 2, JSON.stringify(rows));
  for (const r of rows) {
    t.is(r.passed === 'true', r.why === '', `${r.value}: ${r.why}`);
    t.true((await readFile(join(r.run_dir!, 'run.json'), 'utf8')).includes('"informers": ' + r.value));
  }
  // 16 legacy informers each build a 30 MiB list at once: far over a 100 MiB growth limit on the mock.
  t.true(
    rows.some((r) => r.passed === 'false'),
    'the limit was crossed',
  );
  t.true(
    rows.some((r) => r.passed === 'true'),
    'one informer stays within it',
  );
  t.regex(result.text, /^legacy held \d+ informers under apiserver_rss_growth_bytes<=100MiB$/);
  t.true((await readFile(join(result.dir, 'capacity.svg'), 'utf8')).startsWith('<svg'));
});
