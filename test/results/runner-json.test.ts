import test from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunnerJson } from '../../src/results/runner-json.js';
import { runnerReport } from '../../src/run/engines/runner-report.js';
import type { RepRecord } from '../../src/results/manifest.js';

test('the runner output gives rows, its GOMAXPROCS and its end, and skips a line cut short', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-runner-json-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'out.jsonl');
  const lines = [
    { type: 'start', schema: 1, gomaxprocs: 1, time_ms: 1000 },
    { type: 'obs', time_ms: 1500, scenario: 'lists', op: 'list', status: 200, duration_ms: 42, bytes: 10, objects: 2 },
    { type: 'obs', time_ms: 1600, scenario: 'lists', op: 'unknown-op', status: 200, duration_ms: 1 },
    { type: 'end', exit_code: 0, reason: '', churn: null, peak_rss_bytes: 5 * 2 ** 20 },
  ];
  await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n{"type":"obs","tim');
  const out = await readRunnerJson(file, 1000);
  t.is(out.schema, 1);
  t.is(out.gomaxprocs, 1);
  t.is(out.unreadable, 1);
  t.deepEqual(
    out.requests.map((r) => [r.t_ms, r.op, r.duration_ms, r.objects]),
    [[500, 'list', 42, 2]],
  );
  const record = { variant: 'streaming', rep: 1, status: 'complete', started: '', seededObjects: 0 } as RepRecord;
  t.deepEqual(runnerReport(record, out), []);
  t.deepEqual(record.engine_report, { churn: undefined, peak_rss_bytes: 5 * 2 ** 20, gomaxprocs: 1, reason: undefined });
});
