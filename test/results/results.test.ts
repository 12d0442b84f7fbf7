import test from 'ava';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { parse } from 'csv-parse/sync';
import { toCsv, writeFileAtomic } from '../../src/files/atomic-write.js';
import { readK6Json } from '../../src/results/k6-json.js';
import { loadRunOrRuns } from '../../src/results/load-run.js';
import { createRunDir } from '../../src/results/run-dir.js';
import { REQUEST_COLUMNS, type RequestRow, type SampleRow } from '../../src/results/rows.js';
import { repFigures, summaryRows } from '../../src/results/summary.js';
import { fakeRun } from '../helpers/fake-run.js';

const tmp = (t: Parameters<typeof tempDir>[0]) => tempDir(t, 'ksb-results-');

test('k6 JSON samples become request rows with start times and blank cells for unknowns', async (t) => {
  const dir = await tmp(t);
  const zero = Date.parse('2026-01-01T00:00:00.000Z');
  const point = (time: string, value: number, tags: Record<string, string>) => JSON.stringify({ metric: 'ksb_request_duration_ms', type: 'Point', data: { time, value, tags } });
  const lines = [
    JSON.stringify({ type: 'Metric', metric: 'ksb_request_duration_ms', data: {} }),
    point('2026-01-01T00:00:01.500Z', 500, { scenario: 'informers', op: 'list', status: '200', ttfb_ms: '12.5', bytes: '1000', objects: '4', error: '' }),
    point('2026-01-01T00:00:02.000Z', 250, { scenario: 'informers', op: 'watchlist', status: '101', ttfb_ms: '', bytes: '', objects: '4', error: '' }),
    point('2026-01-01T00:00:03.000Z', 1, { scenario: 'informers', op: 'bogus', status: '200' }),
    JSON.stringify({ metric: 'vus', type: 'Point', data: { time: '2026-01-01T00:00:01.000Z', value: 3, tags: {} } }),
    '{"metric":"ksb_request_duration_ms","type":"Point","data":{"ti', // cut short by an interrupted k6
  ];
  await writeFile(join(dir, 'k6.json'), lines.join('\n'));
  const out = await readK6Json(join(dir, 'k6.json'), zero);
  t.deepEqual(out.requests, [
    { t_ms: 1000, scenario: 'informers', op: 'list', status: 200, duration_ms: 500, ttfb_ms: 12.5, bytes: 1000, objects: 4, error: '' },
    { t_ms: 1750, scenario: 'informers', op: 'watchlist', status: 101, duration_ms: 250, ttfb_ms: '', bytes: '', objects: 4, error: '' },
  ]);
  t.deepEqual(out.vus, [{ t_ms: 1000, value: 3 }]);
});

test('requests.csv has the documented columns in order', (t) => {
  const row: RequestRow = { run_id: 'r', variant: 'legacy', rep: 1, t_ms: 5, scenario: 's', op: 'list', status: 200, duration_ms: 1.5, ttfb_ms: '', bytes: 10, objects: '', error: 'a, "quoted" error' };
  const csv = toCsv([row], REQUEST_COLUMNS);
  const [header, line] = csv.trim().split('\n');
  t.is(header, 'run_id,variant,rep,t_ms,scenario,op,status,duration_ms,ttfb_ms,bytes,objects,error');
  t.is(line, 'r,legacy,1,5,s,list,200,1.5,,10,,"a, ""quoted"" error"');
  t.deepEqual(parse(csv, { columns: true })[0].error, 'a, "quoted" error');
});

test('rep figures: baseline is the mean before load, peak and growth from the samples after it', (t) => {
  const s = (t_ms: number, value: number, metric = 'apiserver_rss_bytes'): SampleRow => ({ run_id: 'r', variant: 'v', rep: 1, t_ms, source: 'proc', metric, value, labels: '' });
  const samples = [s(-900, 100), s(-100, 110), s(50, 150), s(500, 400), s(900, 120), s(60, 7, 'nodejs_heap_size_used_bytes')];
  const req = (op: RequestRow['op'], scenario: string, d: number, error = ''): RequestRow => ({ run_id: 'r', variant: 'v', rep: 1, t_ms: 0, scenario, op, status: 200, duration_ms: d, ttfb_ms: '', bytes: '', objects: '', error });
  const requests = [req('list', 'informers', 10), req('list', 'informers', 30), req('list', 'list_storm', 1000), req('watch', 'informers', 5000), req('list', 'informers', 1, 'HTTP 500')];
  const f = repFigures('v', 1, samples, requests, new Set(['informers']));
  t.is(f.rssBaselineBytes, 105);
  t.is(f.rssPeakBytes, 400);
  t.is(f.rssGrowthBytes, 295);
  t.is(f.heapPeakBytes, 7);
  t.is(f.syncedP50Ms, 20, 'only informer LISTs without error are syncs');
  t.is(f.syncs, 2);
  t.is(f.listP50Ms, 30);
  t.is(f.errors, 1);
  const rows = summaryRows('r', 'v', [f], requests, new Set(['informers']));
  t.like(rows.find((r) => r.metric === 'apiserver_rss_growth_bytes'), { n: 1, mean: 295, unit: 'bytes' });
  t.like(rows.find((r) => r.metric === 'time_to_synced_ms'), { n: 2, mean: 20, p50: 20, max: 30, unit: 'ms' });
});

test('run directories are never reused; atomic writes leave no temporary files', async (t) => {
  const root = await tmp(t);
  const a = await createRunDir(root, 'x');
  const b = await createRunDir(root, 'x');
  t.is(a.id, 'x');
  t.is(b.id, 'x-2');
  await writeFileAtomic(join(a.dir, 'f.txt'), 'one');
  await writeFileAtomic(join(a.dir, 'f.txt'), 'two');
  t.is(await readFile(join(a.dir, 'f.txt'), 'utf8'), 'two');
  t.deepEqual(await readdir(a.dir), ['f.txt']);
});

test('a directory of runs pools their repetitions in order', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'ksb-cmp-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  await fakeRun(join(root, 'base'), 'r1', { streaming: { peaksMiB: [200] } });
  await fakeRun(join(root, 'base'), 'r2', { streaming: { peaksMiB: [300] } });
  const pooled = await loadRunOrRuns(join(root, 'base'));
  t.deepEqual(pooled.figures.map((f) => [f.rep, f.rssPeakBytes / 2 ** 20]), [[1, 200], [2, 300]]);
});
