// npm run bench:client — the harness's own cost: k6 RSS and CPU while holding many concurrent
// WatchList informers on the mock (goal: 1000 informers, all synced, k6 <= 2 GB RSS).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileK6Script } from '../src/compile/compile.js';
import { readProcCpuSeconds } from '../src/collect/proc-cpu.js';
import { readProcMemory } from '../src/collect/proc-status.js';
import { readK6Json } from '../src/results/k6-json.js';
import { startK6 } from '../src/run/k6-process.js';
import { seed } from '../src/seed/seed.js';
import { mockTarget } from '../src/targets/mock-target.js';
import { ensureK6 } from '../src/tools/k6.js';
import { BUILT_IN } from '../src/cli/workload-registry.js';
import { buildPlan, DEFAULT_TUNING, resolveWorkload } from '../src/workload/resolve.js';
import { VARIANTS } from '../src/workload/variants.js';

const MiB = 1024 * 1024;

async function main() {
  const informers = Number(process.env.KSB_BENCH_INFORMERS ?? 1000);
  const holdSeconds = Number(process.env.KSB_BENCH_HOLD_S ?? 40);
  const k6 = await ensureK6();
  const workload = resolveWorkload(BUILT_IN.find((w) => w.name === 'informer-storm')!, [
    `informers=${informers}`,
    'objects=100',
    'objectSize=1KiB',
    `duration=${holdSeconds}s`,
    'churnPerSecond=10',
  ]);
  const plan = buildPlan(workload, 'streaming', DEFAULT_TUNING);
  const dir = await mkdtemp(join(tmpdir(), 'ksb-client-bench-'));
  const target = await mockTarget.start(VARIANTS.streaming!);
  try {
    await seed(target, workload.seed);
    const script = join(dir, 'script.js');
    await writeFile(script, await compileK6Script(plan, 'bench:client'));
    console.log(`bench:client — ${informers} WatchList informers (${plan.informersPerVU} per VU) on the mock for ${holdSeconds}s, 100 objects, churn 10/s\n`);
    const zero = Date.now();
    const run = startK6({ k6: k6.path, script, jsonOut: join(dir, 'k6.json'), env: { KSB_TARGET_URL: target.url }, label: 'client', log: () => {} });
    const pid = run.child.pid!;
    let peak = 0;
    const timer = setInterval(() => {
      void readProcMemory(pid).then((m) => {
        if (m) peak = Math.max(peak, m.vmRSSBytes);
      });
    }, 200);
    let cpu = 0;
    const cpuTimer = setInterval(() => void readProcCpuSeconds(pid).then((c) => (cpu = c ?? cpu)), 500);
    const code = await run.done;
    clearInterval(timer);
    clearInterval(cpuTimer);
    const wall = (Date.now() - zero) / 1000;
    const data = await readK6Json(join(dir, 'k6.json'), zero);
    const synced = data.requests.filter((r) => r.op === 'watchlist' && !r.error);
    const lastSync = Math.max(...synced.map((r) => r.t_ms + r.duration_ms));
    const errors = data.requests.filter((r) => r.error).length;
    console.log(`  informers synced:  ${synced.length}/${informers} (all within ${(lastSync / 1000).toFixed(1)} s of start)`);
    console.log(`  k6 peak RSS:       ${(peak / MiB).toFixed(0)} MiB (goal <= 2048 MiB); ${((peak / informers) / 1024).toFixed(0)} KiB per informer`);
    console.log(`  k6 CPU:            ${cpu.toFixed(1)} s over ${wall.toFixed(0)} s wall (${((100 * cpu) / wall).toFixed(0)}% of one core)`);
    console.log(`  errors:            ${errors}; k6 exit code ${code}`);
  } finally {
    await target.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench:client failed: ${(e as Error).stack}`);
  process.exit(1);
});
