// npm run bench:client — the load generator's own cost, per client. (1) k6 RSS and CPU while holding many
// concurrent WatchList informers on the mock: client-go informers (k6/x/kube, one client each) and JS informers.
// (2) client CPU per GB received for large-list on the local kube-apiserver, client-go vs k6/http, interleaved
// (goal for client-go: no worse than a Go load generator on client-go's transport, ≈0.45–0.55 CPU-s per GB here).
// (0) k6 RSS per 100k observations with per-observation values as tags (every one a k6 time series held for the
// whole run) and as sample metadata, as the harness records them now.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileK6Script } from '../src/compile/compile.js';
import { readProcCpuSeconds } from '../src/collect/proc-cpu.js';
import { readProcMemory } from '../src/collect/proc-status.js';
import { readK6Json } from '../src/results/k6-json.js';
import { startK6 } from '../src/run/k6-process.js';
import { runBenchmark } from '../src/run/run.js';
import { seed } from '../src/seed/seed.js';
import { localTarget } from '../src/targets/local/local-target.js';
import { DEFAULT_KUBE_VERSION } from '../src/targets/local/versions.js';
import { mockTarget } from '../src/targets/mock-target.js';
import { ensureK6, type FoundK6 } from '../src/tools/k6.js';
import { BUILT_IN } from '../src/cli/workload-registry.js';
import { mean, stddev } from '../src/stats/stats.js';
import { buildPlan, DEFAULT_TUNING, resolveWorkload } from '../src/workload/resolve.js';
import { VARIANTS } from '../src/workload/variants.js';

const MiB = 1024 * 1024;

async function holdInformers(k6: FoundK6, client: 'client-go' | 'js', informers: number, holdSeconds: number): Promise<void> {
  const workload = resolveWorkload(
    BUILT_IN.find((w) => w.name === 'informer-storm')!,
    [
      `informers=${informers}`,
      'objects=100',
      'objectSize=1KiB',
      `duration=${holdSeconds}s`,
      'churnPerSecond=10',
      'contentType=json',
      `client=${client}`,
    ],
  );
  const plan = buildPlan(workload, 'streaming', DEFAULT_TUNING);
  const dir = await mkdtemp(join(tmpdir(), 'ksb-client-bench-'));
  const target = await mockTarget.start(VARIANTS.streaming!);
  try {
    await seed(target, workload.seed);
    const script = join(dir, 'script.js');
    await writeFile(script, await compileK6Script(plan, 'bench:client'));
    const zero = Date.now();
    const run = startK6({
      k6: k6.path,
      script,
      jsonOut: join(dir, 'k6.json'),
      env: { KSB_TARGET_URL: target.url },
      label: 'client',
      log: () => {},
    });
    const pid = run.child.pid!;
    let peak = 0;
    let cpu = 0;
    const timer = setInterval(() => {
      void readProcMemory(pid).then((m) => (peak = Math.max(peak, m?.vmRSSBytes ?? 0)));
      void readProcCpuSeconds(pid).then((c) => (cpu = c ?? cpu));
    }, 200);
    const code = await run.done;
    clearInterval(timer);
    const wall = (Date.now() - zero) / 1000;
    const data = await readK6Json(join(dir, 'k6.json'), zero);
    const synced = data.requests.filter((r) => r.op === 'watchlist' && !r.error);
    const lastSync = Math.max(...synced.map((r) => r.t_ms + r.duration_ms));
    console.log(
      `${client}: ${informers} WatchList informers on the mock, held ${holdSeconds}s after all synced, 100 objects of 1 KiB, churn 10/s`,
    );
    console.log(`  informers synced:  ${synced.length}/${informers} (all within ${(lastSync / 1000).toFixed(1)} s of start)`);
    console.log(`  k6 peak RSS:       ${(peak / MiB).toFixed(0)} MiB; ${(peak / informers / 1024).toFixed(0)} KiB per informer`);
    console.log(
      `  k6 CPU:            ${cpu.toFixed(1)} s over ${wall.toFixed(0)} s wall (${((100 * cpu) / wall).toFixed(0)}% of one core)`,
    );
    console.log(`  errors:            ${data.requests.filter((r) => r.error).length}; k6 exit code ${code}\n`);
  } finally {
    await target.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function listCost(k6: FoundK6, rounds: number): Promise<void> {
  const kubeVersion = process.env.KSB_KUBE_VERSION ?? DEFAULT_KUBE_VERSION;
  const quiet = process.env.KSB_BENCH_VERBOSE
    ? undefined
    : (line: string) => (/^\s*\[k6|seeding: \d/.test(line) ? undefined : process.stderr.write(`${line}\n`));
  const target = localTarget({ kubeVersion, log: quiet });
  const workload = BUILT_IN.find((w) => w.name === 'large-list')!;
  const configs: Record<string, string[]> = {
    'client-go': ['client=client-go'],
    'client-go, no gzip': ['client=client-go', 'compression=false'],
    js: ['client=js'],
  };
  const perGB = new Map<string, number[]>(Object.keys(configs).map((c) => [c, []]));
  const cpu = new Map<string, number[]>(Object.keys(configs).map((c) => [c, []]));
  const apiCpu = new Map<string, number[]>(Object.keys(configs).map((c) => [c, []]));
  console.log(
    `large-list on kube-apiserver ${kubeVersion}: 10 clients × 3 LISTs (resourceVersion=0) of 1000 ConfigMaps × 100 KiB, streaming variant, ${rounds} rounds`,
  );
  for (let round = 1; round <= rounds; round++) {
    for (const [client, sets] of Object.entries(configs)) {
      const r = await runBenchmark({
        workload,
        sets: ['clients=10', 'repeats=3', 'objects=1000', 'objectSize=100KiB', ...sets],
        variants: ['streaming'],
        reps: 1,
        outRoot: 'results',
        target,
        k6,
        version: 'bench:client',
        log: quiet,
      });
      perGB.get(client)!.push(...r.reps.map((f) => f.clientCpuSecondsPerGB));
      cpu.get(client)!.push(...r.reps.map((f) => f.clientCpuSeconds));
      apiCpu.get(client)!.push(...r.reps.map((f) => f.apiserverCpuSeconds));
    }
  }
  for (const client of Object.keys(configs)) {
    const g = perGB.get(client)!.filter(Number.isFinite);
    const c = cpu.get(client)!;
    const a = apiCpu.get(client)!;
    console.log(
      `  ${client.padEnd(18)} client CPU ${mean(c).toFixed(2)} ± ${stddev(c).toFixed(2)} s; per GB received ${g.length ? `${mean(g).toFixed(2)} ± ${stddev(g).toFixed(2)} CPU-s` : 'n/a (response sizes unknown)'}; apiserver CPU ${mean(a).toFixed(2)} ± ${stddev(a).toFixed(2)} s`,
    );
  }
}

/** A k6 script that records `count` observations the way the harness did before (every value a tag) or does now. */
function observationScript(count: number, style: 'tags' | 'metadata'): string {
  const add =
    style === 'tags'
      ? `trend.add(d, { variant: 'v', scenario: 's', op: 'list', status: '200', ttfb_ms: String(d / 2), bytes: String(i * 7), objects: String(i % 400), error: '', informer: String(i % 1000) });`
      : `const md = exec.vu.metrics.metadata; md.ttfb_ms = String(d / 2); md.bytes = String(i * 7); md.objects = String(i % 400); md.informer = String(i % 1000);
    trend.add(d, { variant: 'v', scenario: 's', op: 'list', status: '200' });
    delete md.ttfb_ms; delete md.bytes; delete md.objects; delete md.informer;`;
  return `import exec from 'k6/execution';
import { Trend } from 'k6/metrics';
import { sleep } from 'k6';
const trend = new Trend('ksb_request_duration_ms', true);
export const options = { scenarios: { o: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } } };
export default function () {
  for (let i = 0; i < ${count}; i++) {
    const d = (i % 997) + 0.5;
    ${add}
  }
  sleep(3); // let the outputs take every sample while RSS is sampled
}
`;
}

async function peakRssOf(k6: FoundK6, script: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-obs-'));
  try {
    const path = join(dir, 'obs.js');
    await writeFile(path, script);
    const run = startK6({ k6: k6.path, script: path, jsonOut: join(dir, 'k6.json'), env: {}, label: 'obs', log: () => {} });
    let peak = 0;
    const timer = setInterval(() => void readProcMemory(run.child.pid!).then((m) => (peak = Math.max(peak, m?.vmRSSBytes ?? 0))), 100);
    const code = await run.done;
    clearInterval(timer);
    if (code !== 0) throw new Error(`k6 exited ${code}`);
    return peak;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function observationCost(k6: FoundK6, count: number): Promise<void> {
  console.log(
    `k6 RSS recording ${count} observations (one Trend, k6's JSON output, as the harness runs k6), over a run that records none:`,
  );
  const base = await peakRssOf(k6, observationScript(0, 'metadata'));
  for (const style of ['tags', 'metadata'] as const) {
    const peak = await peakRssOf(k6, observationScript(count, style));
    const what = style === 'tags' ? 'values as tags (before)' : 'values as metadata (now)';
    console.log(
      `  ${what.padEnd(26)} peak ${(peak / MiB).toFixed(0)} MiB (no observations: ${(base / MiB).toFixed(0)} MiB): +${(((peak - base) / MiB) * (100_000 / count)).toFixed(0)} MiB per 100k observations`,
    );
  }
  console.log('');
}

async function main() {
  const k6 = await ensureK6();
  await observationCost(k6, Number(process.env.KSB_BENCH_OBSERVATIONS ?? 100_000));
  const hold = Number(process.env.KSB_BENCH_HOLD_S ?? 20);
  await holdInformers(k6, 'client-go', Number(process.env.KSB_BENCH_GO_INFORMERS ?? 200), hold);
  await holdInformers(k6, 'js', Number(process.env.KSB_BENCH_INFORMERS ?? 1000), hold);
  if (process.env.KSB_BENCH_SKIP_LIST !== '1') await listCost(k6, Number(process.env.KSB_BENCH_REPS ?? 2));
}

main().catch((e) => {
  console.error(`bench:client failed: ${(e as Error).stack}`);
  process.exit(1);
});
