// npm run bench:content-types — what an encoding costs kube-apiserver on LIST: clusterloader2's list benchmark
// (ConfigMaps of 100 KB, resourceVersion=0, concurrent clients) scaled to this machine, json / protobuf / cbor ×
// legacy / streaming, each cell on a fresh local kube-apiserver, repetitions interleaved across cells and releases.
// Releases: KSB_VERSIONS (default 1.34.10,1.36.3); repetitions: KSB_BENCH_REPS (default 3: docs/statistics.md,
// peak RSS CV ~2.5%, catches a 10% change with 3–4 a side); shape: KSB_BENCH_SETS (comma list of key=value).
import { BUILT_IN } from '../src/cli/workload-registry.js';
import { runBenchmark } from '../src/run/run.js';
import type { RepFigures } from '../src/metrics/rep-figures.js';
import { meanInterval, ratioInterval } from '../src/stats/ratio.js';
import { localTarget } from '../src/targets/local/local-target.js';
import { defaultEngine } from '../src/cli/engine-flags.js';
import { describeEngine } from '../src/results/manifest.js';
import { crossContentTypes } from '../src/variants/variants.js';
import { formatBytes } from '../src/workload/units.js';

const ENCODINGS = ['json', 'protobuf', 'cbor'] as const;
const SHAPE = ['clients=10', 'repeats=2', 'objects=1000', 'objectSize=100KiB', 'listMode=rv0', 'client=client-go'];

/** "1.21 GiB [1.15, 1.27]": the mean and its 95% interval. */
function withInterval(xs: number[]): string {
  if (!xs.length) return 'n/a';
  const m = meanInterval(xs);
  // A size is never negative: with two repetitions a t interval's lower end can be, so it stops at zero.
  return Number.isFinite(m.low)
    ? `${formatBytes(m.mean)} [${formatBytes(Math.max(0, m.low))}, ${formatBytes(m.high)}] (n=${xs.length})`
    : `${formatBytes(m.mean)} (n=1)`;
}

function ratioText(base: number[], cand: number[]): string {
  const e = ratioInterval(base, cand);
  if (!(e.ratio > 0)) return 'n/a';
  return Number.isFinite(e.low) ? `${e.ratio.toFixed(2)}× [${e.low.toFixed(2)}, ${e.high.toFixed(2)}]` : `${e.ratio.toFixed(2)}× (n=1)`;
}

async function main() {
  const versions = (process.env.KSB_VERSIONS ?? '1.34.10,1.36.3').split(',').map((v) => v.trim());
  const reps = Number(process.env.KSB_BENCH_REPS ?? 3);
  // KSB_BENCH_SETS overrides the shape key by key.
  const extra = process.env.KSB_BENCH_SETS?.split(',').filter(Boolean) ?? [];
  const sets = [...SHAPE.filter((s) => !extra.some((e) => e.split('=')[0] === s.split('=')[0])), ...extra];
  const engine = await defaultEngine();
  const quiet = process.env.KSB_BENCH_VERBOSE
    ? undefined
    : (line: string) => (/seeding: \d|^\[.*\] (starting|seeding)/.test(line) ? undefined : process.stderr.write(`${line}\n`));
  const cells = crossContentTypes(['legacy', 'streaming'], [...ENCODINGS]);
  console.log(
    `bench:content-types — large-list (${sets.join(' ')}) on kube-apiserver ${versions.join(', ')} + etcd, 127.0.0.1; ` +
      `${cells.length} cells, ${reps} repetition(s) each, interleaved\n`,
  );
  const figures = new Map<string, RepFigures[]>();
  const server = new Map<string, string>();
  const dirs: string[] = [];
  let engineText = '';
  for (let rep = 1; rep <= reps; rep++) {
    for (const version of versions) {
      const r = await runBenchmark({
        workload: BUILT_IN.find((w) => w.name === 'large-list')!,
        sets,
        variants: cells,
        reps: 1,
        outRoot: 'results',
        target: localTarget({ kubeVersion: version, log: quiet }),
        engine,
        version: 'bench:content-types',
        log: quiet,
      });
      dirs.push(r.dir);
      engineText = describeEngine(r.manifest);
      if (r.manifest.status !== 'complete')
        console.log(`warning: ${version}, repetition ${rep}: ${r.manifest.status} (${r.manifest.reason})`);
      figures.set(version, [...(figures.get(version) ?? []), ...r.reps]);
      const emulated = r.manifest.target.emulated_version;
      server.set(version, emulated ? `kube-apiserver ${version} emulating ${emulated}` : `kube-apiserver ${version}`);
      console.error(`  done: ${version}, repetition ${rep}/${reps} (${r.dir})`);
    }
  }
  for (const version of versions) {
    const f = figures.get(version) ?? [];
    const of = (cell: string, pick: (x: RepFigures) => number) =>
      f
        .filter((x) => x.variant === cell)
        .map(pick)
        .filter(Number.isFinite);
    const growth = (cell: string) => of(cell, (x) => x.rssGrowthBytes);
    const peak = (cell: string) => of(cell, (x) => x.rssPeakBytes);
    console.log(`\n== ${server.get(version)}: apiserver RSS, mean [95% CI]; legacy = streaming encoding off + LIST, streaming = on`);
    console.log(
      '| encoding | peak legacy | peak streaming | growth legacy | growth streaming | streaming/legacy growth | growth vs protobuf, legacy / streaming |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const ct of ENCODINGS) {
      const [l, s] = [`legacy@${ct}`, `streaming@${ct}`];
      console.log(
        `| ${ct} | ${withInterval(peak(l))} | ${withInterval(peak(s))} | ${withInterval(growth(l))} | ${withInterval(growth(s))} | ${ratioText(growth(l), growth(s))} | ${ratioText(growth('legacy@protobuf'), growth(l))} / ${ratioText(growth('streaming@protobuf'), growth(s))} |`,
      );
    }
  }
  console.log(`\nengine: ${engineText}; run directories:\n${dirs.map((d) => `  ${d}`).join('\n')}`);
}

main().catch((e) => {
  console.error(`bench:content-types failed: ${(e as Error).message}`);
  process.exit(1);
});
