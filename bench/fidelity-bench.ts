// npm run bench:fidelity — does the engine change what the apiserver measures? The seed's informer storm
// (16 informers × 400 Secrets of 256 KiB, protobuf, no churn, WatchList) on the local kube-apiserver 1.33, run
// by ksb-runner and by a plain client-go program (tools/plain-informers: one clientset per informer, the mode set
// by KUBE_FEATURE_WatchListClient, nothing else) built at ksb-runner's client-go and at v0.33 (the client-go the
// k6 extension used), a connection per informer as ksb-runner has, and at ksb-runner's client-go once more with the
// one connection client-go's transport cache gives equal configs in one process; interleaved, KSB_BENCH_REPS (3)
// rounds: the apiserver's RSS growth per client, side by side.
// Goal: ksb-runner within ±25% of the plain program at the same client-go.
import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultEngine } from '../src/cli/engine-flags.js';
import { BUILT_IN } from '../src/cli/workload-registry.js';
import { HeapProfiler } from '../src/collect/heap-profiler.js';
import { Sampler } from '../src/collect/sampler.js';
import { repFigures } from '../src/results/summary.js';
import { runBenchmark } from '../src/run/run.js';
import { seed } from '../src/seed/seed.js';
import { localTarget } from '../src/targets/local/local-target.js';
import { mean, percentile, stddev } from '../src/stats/stats.js';
import { resolveWorkload } from '../src/workload/resolve.js';
import { formatBytes } from '../src/workload/units.js';
import { VARIANTS } from '../src/variants/variants.js';

const median = (xs: number[]) => percentile(xs, 50);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const storm = BUILT_IN.find((w) => w.name === 'informer-storm')!;
const SETS = [
  'informers=16',
  'objects=400',
  'objectSize=256KiB',
  'duration=5s',
  'syncTimeout=300s',
  'churnPerSecond=0',
  'contentType=protobuf',
];

/** tools/plain-informers built at `clientGo` (its go.mod pins ksb-runner's; others are set in a copy). */
async function buildPlain(clientGo: string | undefined): Promise<string> {
  if (!clientGo)
    return execFileSync('bash', [join(ROOT, 'scripts/build-go-tool.sh'), 'plain-informers'])
      .toString()
      .trim();
  const dir = await mkdtemp(join(tmpdir(), 'ksb-plain-'));
  await cp(join(ROOT, 'tools/plain-informers/main.go'), join(dir, 'main.go'));
  // A fresh module, so nothing of the newer client-go's dependency graph (structured-merge-diff v6) stays behind.
  const requires = ['api', 'apimachinery', 'client-go'].map((m) => `\tk8s.io/${m} ${clientGo}`).join('\n');
  await writeFile(join(dir, 'go.mod'), `module plain-informers\n\ngo 1.24\n\nrequire (\n${requires}\n)\n`);
  const run = (args: string[]) =>
    execFileSync('go', args, { cwd: dir, env: { ...process.env, CGO_ENABLED: '0' }, stdio: ['ignore', 'ignore', 'inherit'] });
  run(['mod', 'tidy']);
  run(['build', '-o', join(dir, 'plain-informers'), '.']);
  return join(dir, 'plain-informers');
}

/** One repetition of the plain program: a fresh apiserver, seeded, sampled while the program runs. */
async function plainGrowth(bin: string, connections: 'own' | 'shared', rep: number, profileDir: string): Promise<number> {
  const provider = localTarget({ kubeVersion: '1.33.13', log: () => {} });
  const variant = VARIANTS.streaming!;
  provider.check([variant]);
  const target = await provider.start(variant);
  try {
    await seed(target, resolveWorkload(storm, SETS).seed);
    const sampler = new Sampler(target, { run_id: 'fidelity', variant: 'streaming', rep });
    // The same observation ksb run makes around its engine: heap profiles at each new RSS high cost the apiserver
    // memory of their own, so the plain program is measured with them too.
    const profiler = new HeapProfiler(target, profileDir, `plain-rep${rep}`);
    sampler.onApiserverRss = (bytes) => profiler.observeRss(bytes);
    const zero = Date.now() + 1000;
    sampler.setZero(zero);
    await sampler.checkMetrics();
    sampler.start();
    await new Promise((r) => setTimeout(r, zero - Date.now()));
    sampler.setZero(Date.now());
    const child = spawn(
      bin,
      ['--connections', connections, '--informers', '16', '--namespace', 'ksb', '--content-type', 'protobuf', '--hold', '5s'],
      {
        env: {
          ...process.env,
          KSB_TARGET_URL: target.url,
          // The identity ksb-runner's load has (bound to cluster-admin, classified by API Priority and Fairness), not
          // the admin's, whose system:masters group APF exempts.
          KSB_TOKEN: target.load?.token ?? target.token ?? '',
          KSB_INSECURE_SKIP_TLS_VERIFY: 'true',
          KUBE_FEATURE_WatchListClient: 'true',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? 1)));
    if (code !== 0) throw new Error(`plain-informers exited ${code}`);
    await sampler.final();
    await profiler.after();
    return repFigures('streaming', rep, sampler.stop().rows, [], new Set()).rssGrowthBytes;
  } finally {
    await target.stop();
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.env.KSB_BENCH_REPS ?? 3);
  const engine = await defaultEngine();
  const oldClientGo = process.env.KSB_FIDELITY_OLD_CLIENT_GO ?? 'v0.33.13';
  const plain = { current: await buildPlain(undefined), old: await buildPlain(oldClientGo) };
  const growth: Record<string, number[]> = { runner: [], plain: [], plainShared: [], plainOld: [] };
  const profiles = await mkdtemp(join(tmpdir(), 'ksb-fidelity-profiles-'));
  for (let rep = 1; rep <= rounds; rep++) {
    const r = await runBenchmark({
      workload: storm,
      sets: SETS,
      variants: ['streaming'],
      reps: 1,
      outRoot: 'results',
      target: localTarget({ kubeVersion: '1.33.13', log: () => {} }),
      engine,
      version: 'bench',
      log: () => {},
    });
    growth.runner!.push(r.reps[0]!.rssGrowthBytes);
    growth.plain!.push(await plainGrowth(plain.current, 'own', rep, profiles));
    growth.plainShared!.push(await plainGrowth(plain.current, 'shared', rep, profiles));
    growth.plainOld!.push(await plainGrowth(plain.old, 'own', rep, profiles));
    console.log(
      `round ${rep}: apiserver RSS growth — ksb-runner ${formatBytes(growth.runner!.at(-1)!)}, plain client-go ${engine.record.client_go} ${formatBytes(growth.plain!.at(-1)!)} (one shared connection: ${formatBytes(growth.plainShared!.at(-1)!)}), plain client-go ${oldClientGo} ${formatBytes(growth.plainOld!.at(-1)!)}`,
    );
  }
  const pm = (xs: number[]) =>
    `median ${formatBytes(median(xs))}, mean ${formatBytes(mean(xs))} ± ${formatBytes(stddev(xs))} (${xs.map((x) => formatBytes(x)).join(' / ')})`;
  console.log(`\nkube-apiserver v1.33.13, streaming, 16 informers × 400 × 256 KiB Secrets, protobuf, ${rounds} rounds interleaved:`);
  console.log(`  ksb-runner ${engine.record.version} (client-go ${engine.record.client_go}): ${pm(growth.runner!)}`);
  console.log(`  plain client-go ${engine.record.client_go}, a connection per informer: ${pm(growth.plain!)}`);
  console.log(`  plain client-go ${engine.record.client_go}, one shared connection:   ${pm(growth.plainShared!)}`);
  console.log(`  plain client-go ${oldClientGo}, a connection per informer: ${pm(growth.plainOld!)}`);
  // Growth under WatchList is small and its spread wide (one GC cycle more or less): medians say more than means.
  const ratio = median(growth.runner!) / median(growth.plain!);
  console.log(
    `  ksb-runner / plain at the same client-go: ${ratio.toFixed(2)}× of medians (${(mean(growth.runner!) / mean(growth.plain!)).toFixed(2)}× of means), ${Math.abs(ratio - 1) <= 0.25 ? 'within' : 'outside'} the ±25% goal; plain ${oldClientGo} / plain ${engine.record.client_go}: ${(median(growth.plainOld!) / median(growth.plain!)).toFixed(2)}×, shared / own connections: ${(median(growth.plainShared!) / median(growth.plain!)).toFixed(2)}× of medians`,
  );
  await rm(join(plain.old, '..'), { recursive: true, force: true });
  await rm(profiles, { recursive: true, force: true });
}

await main();
