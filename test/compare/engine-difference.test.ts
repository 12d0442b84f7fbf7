import test from 'ava';
import { serverDifferences } from '../../src/compare/server-differences.js';
import type { LoadedRun } from '../../src/results/load-run.js';
import { describeEngine, type RunManifest } from '../../src/results/manifest.js';

const run = (m: Pick<RunManifest, 'engine' | 'tool'>) =>
  ({ manifest: { target: { kind: 'mock' }, repetitions: [], ...m }, figures: [] }) as unknown as LoadedRun;
const tool = { name: 'kube-stream-bench', version: 'test', node: 'v20' } as const;
const runner = { name: 'ksb-runner', version: '0.1.0', go: 'go1.26.8', client_go: 'v0.37.2' } as const;

test('the engine of each run is named, runs from before ksb-runner as k6 with k6/x/kube', (t) => {
  t.is(describeEngine({ tool, engine: runner }), 'ksb-runner 0.1.0 (go1.26.8, client-go v0.37.2)');
  t.is(describeEngine({ tool: { ...tool, k6: 'v1.7.1', k6_extension: 'abc' } }), 'k6 v1.7.1 (k6/x/kube abc)');
  t.is(describeEngine({ tool, engine: { name: 'k6', version: 'v1.7.1' } }), 'k6 v1.7.1');
});

test('comparing runs made by different engines is warned about; the same engine is not', (t) => {
  const before = run({ tool: { ...tool, k6: 'v1.7.1', k6_extension: 'abc' } });
  const now = run({ tool, engine: runner });
  t.deepEqual(serverDifferences(before, now, 'streaming'), [
    'load engine: baseline k6 v1.7.1 (k6/x/kube abc), candidate ksb-runner 0.1.0 (go1.26.8, client-go v0.37.2)',
  ]);
  t.deepEqual(serverDifferences(now, run({ tool, engine: runner }), 'streaming'), []);
});
