// npm run bench:real — a reduced-scale reproduction of the published result on the real kube-apiserver
// (local target, 1.33): 16 informers × 400 Secrets of 256 KiB, legacy vs streaming, 3 interleaved
// repetitions, no churn (as perf-tests' watch-list test); then concurrent large LISTs with streaming
// encoding off vs on. Both run with client-go in ksb-runner (the default engine); the informers speak
// protobuf as kube-controller-manager does (JSON decoding of 256 KiB Secrets costs client-go ~50 MB/s of CPU,
// which on 2 cores starves the apiserver; bench:fidelity runs the JSON case).
import { runBenchmark } from '../src/run/run.js';
import { localTarget } from '../src/targets/local/local-target.js';
import { DEFAULT_KUBE_VERSION } from '../src/targets/versions.js';
import { defaultEngine } from '../src/cli/engine-flags.js';
import { BUILT_IN } from '../src/cli/workload-registry.js';
import { heapSitesTable } from '../src/compare/heap-sites.js';
import { loadRun } from '../src/results/load-run.js';
import type { RepFigures } from '../src/metrics/rep-figures.js';
import { mean, stddev } from '../src/stats/stats.js';

const workload = (name: string) => BUILT_IN.find((w) => w.name === name)!;

const NOISE: Array<[string, (f: RepFigures) => number]> = [
  ['peak RSS', (f) => f.rssPeakBytes],
  ['RSS growth', (f) => f.rssGrowthBytes],
  ['allocated bytes', (f) => f.apiserverAllocatedBytes],
  ['apiserver CPU', (f) => f.apiserverCpuSeconds],
];

/** Per variant: apiserver CPU, allocations and GC, each metric's CV over the repetitions, and the top allocation sites. */
async function internals(dir: string): Promise<string> {
  const run = await loadRun(dir);
  const lines: string[] = [];
  for (const variant of ['legacy', 'streaming']) {
    const figs = run.figures.filter((f) => f.variant === variant);
    const cpu = figs.map((f) => f.apiserverCpuSeconds);
    const alloc = figs.map((f) => f.apiserverAllocatedBytes / 2 ** 30);
    const gc = figs.map((f) => f.apiserverGcCycles);
    const cv = NOISE.map(([name, of]) => {
      const xs = figs.map(of).filter(Number.isFinite);
      return `${name} ${xs.length > 1 ? ((stddev(xs) / mean(xs)) * 100).toFixed(1) : 'n/a'}%`;
    });
    lines.push(
      `${variant}: apiserver CPU ${mean(cpu).toFixed(2)} ± ${stddev(cpu).toFixed(2)} s, allocated ${mean(alloc).toFixed(2)} ± ${stddev(alloc).toFixed(2)} GiB, ${mean(gc).toFixed(0)} GC cycles; CV over ${figs.length} reps: ${cv.join(', ')}`,
    );
  }
  const table = await heapSitesTable(
    ['legacy', 'streaming'].map((variant) => ({ label: variant, run, variant })),
    3,
  );
  return `${lines.join('\n')}\n\ntop allocation sites at peak RSS:\n${table || '(no heap profiles)'}`;
}

async function main() {
  const kubeVersion = process.env.KSB_KUBE_VERSION ?? DEFAULT_KUBE_VERSION;
  const reps = Number(process.env.KSB_BENCH_REPS ?? 3);
  const engine = await defaultEngine();
  const quiet = process.env.KSB_BENCH_VERBOSE
    ? undefined
    : (line: string) => (/^\s*\[(runner|k6) |seeding: \d/.test(line) ? undefined : process.stderr.write(`${line}\n`));
  const common = {
    variants: ['legacy', 'streaming'],
    reps,
    outRoot: 'results',
    target: localTarget({ kubeVersion, log: quiet }),
    engine,
    version: 'bench:real',
    log: quiet,
  };

  console.log(`bench:real — kube-apiserver ${kubeVersion} + etcd on 127.0.0.1, ${reps} interleaved repetitions per variant\n`);
  const informers = await runBenchmark({
    ...common,
    workload: workload('informer-storm'),
    sets: [
      'informers=16',
      'objects=400',
      'objectSize=256KiB',
      'duration=10s',
      'syncTimeout=180s',
      'churnPerSecond=0',
      'client=client-go',
      'contentType=protobuf',
    ],
  });
  console.log(
    `\n== informer-storm: 16 informers × 400 Secrets of 256 KiB, no churn, client-go informers speaking protobuf, held 10 s after all synced (${informers.dir}, ${informers.manifest.status})\n${informers.summaryText}\n\n${await internals(informers.dir)}\n`,
  );

  const lists = await runBenchmark({
    ...common,
    workload: workload('large-list'),
    sets: ['clients=10', 'repeats=2', 'objects=1000', 'objectSize=100KiB', 'client=client-go'],
  });
  console.log(
    `\n== large-list: 10 concurrent LISTs (resourceVersion=0) of 1000 ConfigMaps × 100 KiB, streaming encoding off vs on (${lists.dir}, ${lists.manifest.status})\n${lists.summaryText}\n\n${await internals(lists.dir)}\n`,
  );
}

main().catch((e) => {
  console.error(`bench:real failed: ${(e as Error).message}`);
  process.exit(1);
});
