// Reconnect storms on the mock: every watch drops at once (client side, or by restarting the apiserver)
// and every informer resyncs.
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchmark } from '../../src/run/run.js';
import { mockTarget } from '../../src/targets/mock-target.js';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { readCsv, readManifest } from '../helpers/results.js';
import { requiredK6 } from '../helpers/k6.js';

const reconnectStorm = BUILT_IN.find((w) => w.name === 'reconnect-storm')!;

for (const trigger of ['client', 'target-restart']) {
  test.serial(`reconnect-storm (${trigger}): every informer resyncs after each drop`, async (t) => {
    const k6 = await requiredK6();
    const out = await mkdtemp(join(tmpdir(), 'ksb-reconnect-'));
    t.teardown(() => rm(out, { recursive: true, force: true }));
    const result = await runBenchmark({
      workload: reconnectStorm,
      sets: ['informers=3', 'objects=20', 'objectSize=4KiB', 'dropAfter=3s', 'drops=2', `trigger=${trigger}`],
      variants: ['legacy', 'streaming'],
      reps: 1,
      outRoot: out,
      target: mockTarget,
      k6,
      version: 'test',
      log: () => {},
    });
    t.is((await readManifest(result.dir)).status, 'complete');
    const rows = (await readCsv(result.dir, 'requests.csv')).rows;
    for (const [variant, syncOp] of [['legacy', 'list'], ['streaming', 'watchlist']]) {
      const syncs = rows.filter((r) => r.variant === variant && r.op === syncOp && !r.error);
      const reconnects = rows.filter((r) => r.variant === variant && r.op === 'reconnect');
      t.true(syncs.length >= 3 * 3, `${variant}: ${syncs.length} syncs (3 informers × initial + 2 drops)`);
      t.true(reconnects.length >= 3 * 2, `${variant}: ${reconnects.length} reconnects`);
      for (const r of reconnects) t.true(Number(r.duration_ms) >= 0 && Number(r.duration_ms) < 3000, `reconnect took ${r.duration_ms} ms`);
    }
  });
}
