// npm run bench:aa — the A/A test of compare on real repetitions: informer-storm on the mock (client-go, the
// defaults), KSB_AA_REPS repetitions per variant (default 12), then KSB_AA_SPLITS random splits (default 40) of each
// variant's repetitions into two sides of n (KSB_AA_N, default 3 and the most the repetitions allow), compared as a
// PR's base and head would be. Same code on both sides: every change called is a false alarm.
// KSB_AA_RUN=<run directory> skips the run and analyses a saved one (or a directory of runs, pooled).
import { loadRunOrRuns } from '../src/results/load-run.js';
import { runBenchmark } from '../src/run/run.js';
import { mockTarget } from '../src/targets/mock-target.js';
import { defaultEngine } from '../src/cli/engine-flags.js';
import { BUILT_IN } from '../src/cli/workload-registry.js';
import { analyseAA, formatAA, noiseTable } from './aa-analyse.js';

const THRESHOLD = 0.05;

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected a positive integer, got "${raw}"`);
  return n;
}

/** "3,6" -> [3, 6]: the sizes of the sides to split into. */
function sideSizes(raw: string): number[] {
  const ns = raw.split(',').map(Number);
  if (!ns.every((n) => Number.isInteger(n) && n >= 2))
    throw new Error(`KSB_AA_N: expected side sizes of at least 2, like 3 or 3,6, got "${raw}"`);
  return ns;
}

async function runDir(reps: number): Promise<string> {
  if (process.env.KSB_AA_RUN) return process.env.KSB_AA_RUN;
  const quiet = (line: string) => (/^\s*\[(runner|k6) |seeding: \d/.test(line) ? undefined : process.stderr.write(`${line}\n`));
  const sets = (process.env.KSB_AA_SETS ?? '').split(',').filter(Boolean);
  const result = await runBenchmark({
    workload: BUILT_IN.find((w) => w.name === 'informer-storm')!,
    sets,
    variants: ['legacy', 'streaming'],
    reps,
    outRoot: process.env.KSB_AA_OUT ?? 'results',
    target: mockTarget,
    engine: await defaultEngine(),
    version: 'bench:aa',
    log: quiet,
  });
  console.log(`run: ${result.dir} (${result.manifest.status}); analyse it again with KSB_AA_RUN=${result.dir} npm run bench:aa\n`);
  return result.dir;
}

async function main() {
  const started = Date.now();
  const reps = envInt('KSB_AA_REPS', 12);
  const splits = envInt('KSB_AA_SPLITS', 40);
  const seed = envInt('KSB_AA_SEED', 1);
  const gates = process.env.KSB_AA_GATES?.split(',').filter(Boolean);
  const run = await loadRunOrRuns(await runDir(reps));
  const have = Math.min(
    ...run.manifest.variants.map((v) => run.manifest.repetitions.filter((r) => r.variant === v.name && r.status === 'complete').length),
  );
  const ns = process.env.KSB_AA_N ? sideSizes(process.env.KSB_AA_N) : [...new Set([3, Math.floor(have / 2)])].filter((n) => n >= 2);
  console.log(
    `bench:aa — ${run.dir}: ${run.manifest.workload.name} on ${run.manifest.target.kind}, ${have} complete repetitions per variant at least; threshold ${THRESHOLD * 100}%, seed ${seed}, gates ${gates?.join(', ') ?? "compare's defaults"}\n`,
  );
  console.log(`Noise over all repetitions (CV of the log values):\n${noiseTable(run, THRESHOLD)}\n`);
  for (const n of ns) console.log(`${formatAA(await analyseAA(run, { n, splits, seed, threshold: THRESHOLD, gates }))}\n`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((e) => {
  console.error(`bench:aa failed: ${(e as Error).message}`);
  process.exit(1);
});
