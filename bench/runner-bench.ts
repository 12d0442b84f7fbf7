// npm run bench:runner — ksb-runner's own limits, measured side by side in one run on the mock (its own process):
//  1. start-up: `ksb-runner version` and the time from spawn to its first observation on a one-informer plan;
//  2. fan-out: 1,000 / 4,000 / 10,000 client-go informers (one client each) in ONE runner process, all synced,
//     0 errors, and the runner's peak RSS (goal: 10,000 within 1.5 GiB). KSB_BENCH_INFORMERS overrides the list.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEngine } from '../src/cli/engine-flags.js';
import { readRunnerJson } from '../src/results/runner-json.js';
import { seed } from '../src/seed/seed.js';
import { startMockProcess } from '../src/targets/mock-process.js';
import { informers, defineWorkload, param, clientFrom, clientParams } from '../src/workload/index.js';
import { buildPlan, resolveWorkload } from '../src/workload/resolve.js';

const MiB = 2 ** 20;
const counts = (process.env.KSB_BENCH_INFORMERS ?? '1000,4000,10000').split(',').map(Number);

const fanOut = defineWorkload({
  name: 'runner-fan-out',
  description: 'N client-go informers on a small collection, held briefly after all synced',
  params: { informers: param.int('informers', 1000), ...clientParams },
  seed: () => ({ resource: 'configmaps', namespace: 'fan', count: 5, objectBytes: 1024 }),
  scenarios: (p) => [
    informers({
      count: p.informers,
      resource: 'configmaps',
      namespace: 'fan',
      holdMs: 2000,
      syncTimeoutMs: 600_000,
      client: clientFrom(p),
    }),
  ],
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const engine = await defaultEngine();
  console.log(
    `engine: ksb-runner ${engine.record.version} (${engine.record.go}, client-go ${engine.record.client_go}); mock: ksb mock in its own Node process`,
  );
  const versionMs: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    spawnSync(engine.path, ['version']);
    versionMs.push(performance.now() - t);
  }
  const mock = await startMockProcess({ featureGates: 'WatchList=true' });
  const dir = await mkdtemp(join(tmpdir(), 'ksb-runner-bench-'));
  try {
    await seed({ url: mock.url, insecureSkipTLSVerify: true } as Parameters<typeof seed>[0], fanOut.seed({ informers: 1 } as never));
    const run = async (n: number, mode: 'legacy' | 'streaming') => {
      const plan = buildPlan(resolveWorkload(fanOut, [`informers=${n}`, 'contentType=json']), mode);
      const planFile = join(dir, `plan-${n}-${mode}.json`);
      const out = join(dir, `out-${n}-${mode}.jsonl`);
      await writeFile(planFile, JSON.stringify(plan));
      const started = Date.now();
      const child = spawn(engine.path, ['run', '--plan', planFile, '--out', out], {
        env: { ...process.env, KSB_TARGET_URL: mock.url },
        stdio: 'inherit',
      });
      const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? 1)));
      const data = await readRunnerJson(out, started);
      const syncs = data.requests.filter((r) => (r.op === 'watchlist' || r.op === 'list') && !r.error);
      const firstObsMs = Math.min(...data.requests.map((r) => r.t_ms + Number(r.duration_ms)));
      return { code, data, syncs, firstObsMs };
    };
    const first = await run(1, 'streaming');
    console.log(
      `start-up: \`ksb-runner version\` median ${median(versionMs).toFixed(1)} ms (11 runs); spawn → first informer synced on the mock ${first.firstObsMs.toFixed(0)} ms (goal ≤ 500 ms to start)`,
    );
    console.log('\ninformers  mode       exit  synced   errors  runner peak RSS  per informer');
    for (const n of counts) {
      for (const mode of ['legacy', 'streaming'] as const) {
        const r = await run(n, mode);
        const errors = r.data.requests.filter((x) => x.error).length;
        const peak = r.data.end?.peak_rss_bytes ?? NaN;
        console.log(
          `${String(n).padStart(9)}  ${mode.padEnd(9)}  ${String(r.code).padStart(4)}  ${String(r.syncs.length).padStart(6)}  ${String(errors).padStart(7)}  ${(peak / MiB).toFixed(0).padStart(11)} MiB  ${(peak / n / 1024).toFixed(0)} KiB`,
        );
      }
    }
  } finally {
    await mock.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
