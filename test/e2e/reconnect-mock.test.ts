// Reconnect storms on the mock: every watch drops at once (client side, or by restarting the apiserver).
// JS informers resync from scratch; client-go's reflectors resume watching from their last resourceVersion,
// as real controllers do, and relist only when the server says so.
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchmark } from '../../src/run/run.js';
import { mockTarget } from '../../src/targets/mock-target.js';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { readCsv, readManifest } from '../helpers/results.js';
import { requiredEngine } from '../helpers/engine.js';
import { VARIANTS } from '../../src/variants/variants.js';
import { performance } from 'node:perf_hooks';

const reconnectStorm = BUILT_IN.find((w) => w.name === 'reconnect-storm')!;

for (const [client, trigger] of [
  ['client-go', 'client'],
  ['client-go', 'target-restart'],
]) {
  // client-go backs off after failed watches (0.8 s, 1.6 s, 3.2 s, … each up to twice that with jitter) for as long
  // as the mock takes to restart, while the load's length is fixed by the plan. At load 12-17 here a restart took
  // 4-7 s, and informers came back up to 10 s after it (a second restart 6 s after the first found them still
  // backing off). So the restart case restarts once, and leaves room after it in proportion to how long a restart
  // of the mock takes right now, measured before the run.
  const backingOff = client === 'client-go' && trigger === 'target-restart';
  const drops = backingOff ? 1 : 2;
  test.serial(`reconnect-storm (${client}, ${trigger}): every informer reconnects after each drop`, async (t) => {
    const engine = await requiredEngine();
    const dropAfterMs = backingOff ? Math.max(8000, Math.round(3 * (await mockRestartMs()) + 3000)) : 3000;
    const out = await mkdtemp(join(tmpdir(), 'ksb-reconnect-'));
    t.teardown(() => rm(out, { recursive: true, force: true }));
    const result = await runBenchmark({
      workload: reconnectStorm,
      sets: [
        'informers=3',
        'objects=20',
        'objectSize=4KiB',
        `dropAfter=${dropAfterMs}ms`,
        `drops=${drops}`,
        `trigger=${trigger}`,
        `client=${client}`,
      ],
      variants: ['legacy', 'streaming'],
      reps: 1,
      outRoot: out,
      target: mockTarget,
      engine,
      version: 'test',
      log: () => {},
    });
    t.is((await readManifest(result.dir)).status, 'complete');
    const rows = (await readCsv(result.dir, 'requests.csv')).rows;
    for (const [variant, syncOp] of [
      ['legacy', 'list'],
      ['streaming', 'watchlist'],
    ]) {
      const syncs = rows.filter((r) => r.variant === variant && r.op === syncOp && !r.error);
      const reconnects = rows.filter((r) => r.variant === variant && r.op === 'reconnect');
      const summary = JSON.stringify(rows.filter((r) => r.variant === variant).map((r) => [r.op, r.t_ms, r.objects, r.error]));
      if (client === 'js') t.true(syncs.length >= 3 * 3, `${variant}: ${syncs.length} syncs (3 informers × initial + 2 drops): ${summary}`);
      else t.true(syncs.length >= 3, `${variant}: ${syncs.length} syncs: ${summary}`);
      t.true(reconnects.length >= 3 * drops, `${variant}: ${reconnects.length} reconnects: ${summary}`);
      // A reconnect's duration is measured, not bounded: a loaded machine makes it longer, not wrong.
      for (const r of reconnects) t.true(Number(r.duration_ms) >= 0, `reconnect took ${r.duration_ms} ms`);
    }
  });
}

/** How long a restart of the mock takes on this machine now, before informers can come back. */
async function mockRestartMs(): Promise<number> {
  const target = await mockTarget.start(VARIANTS.legacy!);
  try {
    const t0 = performance.now();
    await target.restart();
    return performance.now() - t0;
  } finally {
    await target.stop();
  }
}
