// npm run bench:seed — the seed's own scenario in one command, as a new user would try it: 16 client-go informers
// × 400 Secrets of 1300 KiB on the local kube-apiserver 1.33.13 capped at 3 GiB, legacy then streaming, one
// repetition each. The same as
//   ksb run informer-storm --target local --variant both --reps 1 --set objectSize=1300KiB \
//     --set keepObjects=false --set churnPerSecond=0 --memory-limit 3GiB
// It prints how each side ended first (an OOM kill is the answer, not a ratio) and only bounds (≤/≥) where a
// side's curve was cut by the kill. Needs root (or a delegated memory cgroup) for the cap.
import { runBenchmark } from '../src/run/run.js';
import { localTarget } from '../src/targets/local/local-target.js';
import { defaultEngine } from '../src/cli/engine-flags.js';
import { BUILT_IN } from '../src/cli/workload-registry.js';
import { formatBytes } from '../src/workload/units.js';

const KUBE_VERSION = '1.33.13';
const MEMORY_LIMIT = 3 * 2 ** 30;
const SETS = ['objectSize=1300KiB', 'keepObjects=false', 'churnPerSecond=0'];

async function main() {
  const engine = await defaultEngine();
  const quiet = process.env.KSB_BENCH_VERBOSE
    ? undefined
    : (line: string) => (/^\s*\[(runner|k6) |seeding: \d/.test(line) ? undefined : process.stderr.write(`${line}\n`));
  console.log(
    `bench:seed — informer-storm (${SETS.join(', ')}) on kube-apiserver ${KUBE_VERSION} + etcd on 127.0.0.1, --memory-limit ${formatBytes(MEMORY_LIMIT)}, legacy and streaming, 1 repetition each\n`,
  );
  const started = Date.now();
  const run = await runBenchmark({
    workload: BUILT_IN.find((w) => w.name === 'informer-storm')!,
    sets: SETS,
    variants: ['legacy', 'streaming'],
    reps: 1,
    outRoot: process.env.KSB_BENCH_OUT ?? 'results',
    target: localTarget({ kubeVersion: KUBE_VERSION, memoryLimit: MEMORY_LIMIT, log: quiet }),
    engine,
    version: 'bench:seed',
    log: quiet,
  });
  const took = Math.round((Date.now() - started) / 1000);
  console.log(`\n${run.summaryText}\n\nresults: ${run.dir} (status: ${run.manifest.status}; ${Math.floor(took / 60)} min ${took % 60} s)`);
}

main().catch((e) => {
  console.error(`bench:seed failed: ${(e as Error).message}`);
  process.exit(1);
});
