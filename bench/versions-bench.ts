// npm run bench:versions — what streaming saves on each release: large-list and informer-storm, legacy vs
// streaming, on kube-apiserver 1.33 natively and on newer releases emulating 1.33 where they can (the only way to switch
// the encoding gates off), repetitions interleaved across releases so a slow minute hits them all alike. Each release
// says which comparisons it can make
// the encoding gates off; from 1.37 they are gone and the A/B varies WatchList and the client only).
// Releases: KSB_VERSIONS (default 1.33.13,1.34.10,1.35.4,1.36.3,1.37.2); repetitions: KSB_BENCH_REPS (default 2).
import { BUILT_IN } from '../src/cli/workload-registry.js';
import { runBenchmark } from '../src/run/run.js';
import type { RepFigures } from '../src/metrics/rep-figures.js';
import { ratioInterval } from '../src/stats/ratio.js';
import { mean } from '../src/stats/stats.js';
import { localTarget } from '../src/targets/local/local-target.js';
import { defaultEngine } from '../src/cli/engine-flags.js';
import { describeEngine } from '../src/results/manifest.js';
import { abMeaning, gatePlanFor, parseKubeVersion } from '../src/targets/versions.js';
import { VARIANTS } from '../src/variants/variants.js';

/** What an A/B on this release can compare, from the gate plan ksb makes for it. */
function comparisons(release: string): string {
  const v = parseKubeVersion(release);
  const plan = gatePlanFor(v, { kind: 'auto' }, [VARIANTS.legacy!, VARIANTS.streaming!]);
  const ab =
    abMeaning(v, plan) ??
    `legacy vs streaming switches WatchList and both streaming encodings${plan.emulatedVersion ? ` (emulating ${plan.emulatedVersion})` : ''}`;
  const extras = [
    'CBOR (CBORServingAndStorage, alpha) with --content-types',
    ...(v.minor >= 37 ? ['WatchListCompression and EtcdRangeStream (beta, on; etcd ≥ 3.7) with --feature-gates'] : []),
  ];
  return `${release}: ${ab}; also ${extras.join('; ')}`;
}

const workload = (name: string) => BUILT_IN.find((w) => w.name === name)!;

const CASES = [
  {
    name: 'large-list',
    what: '10 concurrent LISTs (resourceVersion=0) × 2 of 1000 ConfigMaps × 100 KiB',
    sets: ['clients=10', 'repeats=2', 'objects=1000', 'objectSize=100KiB', 'client=client-go'],
  },
  {
    name: 'informer-storm',
    what: '16 client-go informers (protobuf) × 400 Secrets of 256 KiB, no churn',
    sets: ['informers=16', 'objects=400', 'objectSize=256KiB', 'duration=5s', 'syncTimeout=180s', 'churnPerSecond=0'],
  },
];

const MiB = 2 ** 20;
const fmtMiB = (b: number) => (b >= 1024 * MiB ? `${(b / 1024 / MiB).toFixed(2)} GiB` : `${(b / MiB).toFixed(0)} MiB`);

/** "12.1× less (9.2–15.9×)" or, where streaming grew more, "28.1× more (…)": never a ratio below 1 to read backwards. */
function ratioText(base: number[], cand: number[]): string {
  const e = ratioInterval(base, cand);
  if (!(e.ratio > 0)) return 'n/a';
  const less = e.ratio <= 1;
  const f = less ? 1 / e.ratio : e.ratio;
  const [low, high] = less ? [1 / e.high, 1 / e.low] : [e.low, e.high];
  const word = less ? 'less' : 'more';
  return Number.isFinite(e.low) && e.low > 0
    ? `${f.toFixed(1)}× ${word} (${low.toFixed(1)}–${high.toFixed(1)}×)`
    : `${f.toFixed(1)}× ${word} (n=${base.length})`;
}

async function main() {
  const versions = (process.env.KSB_VERSIONS ?? '1.33.13,1.34.10,1.35.4,1.36.3,1.37.2').split(',').map((v) => v.trim());
  const reps = Number(process.env.KSB_BENCH_REPS ?? 2);
  const engine = await defaultEngine();
  const quiet = process.env.KSB_BENCH_VERBOSE
    ? undefined
    : (line: string) =>
        /^\s*\[(runner|k6) |seeding: \d|^\[.*\] (starting|seeding)/.test(line) ? undefined : process.stderr.write(`${line}\n`);
  console.log(
    `bench:versions — kube-apiserver ${versions.join(', ')} + etcd on 127.0.0.1; ${reps} repetition(s) per variant, interleaved across releases\n`,
  );
  for (const v of versions) console.log(comparisons(v));
  console.log('');
  let engineText = '';
  const etcd = new Map<string, string>();
  const figures = new Map<string, RepFigures[]>();
  const server = new Map<string, string>();
  const dirs: string[] = [];
  for (let rep = 1; rep <= reps; rep++) {
    for (const c of CASES) {
      for (const version of versions) {
        const r = await runBenchmark({
          workload: workload(c.name),
          sets: c.sets,
          variants: ['legacy', 'streaming'],
          reps: 1,
          outRoot: 'results',
          target: localTarget({ kubeVersion: version, log: quiet }),
          engine,
          version: 'bench:versions',
          log: quiet,
        });
        dirs.push(r.dir);
        engineText = describeEngine(r.manifest);
        const details = r.manifest.repetitions[0]?.target?.details as { etcd_version?: string } | undefined;
        if (details?.etcd_version) etcd.set(version, details.etcd_version);
        if (r.manifest.status !== 'complete')
          console.log(`warning: ${c.name} on ${version}, repetition ${rep}: ${r.manifest.status} (${r.manifest.reason})`);
        const key = `${c.name} ${version}`;
        figures.set(key, [...(figures.get(key) ?? []), ...r.reps]);
        server.set(
          key,
          `${r.manifest.target.emulated_version ? `${version} emulating ${r.manifest.target.emulated_version}` : `${version} (native)`}, etcd ${etcd.get(version) ?? '?'}`,
        );
        console.error(`  done: ${key}, repetition ${rep}/${reps} (${r.dir})`);
      }
    }
  }
  for (const c of CASES) {
    console.log(`\n== ${c.name}: ${c.what}; legacy = streaming encoding off + LIST/WATCH, streaming = encoding on + WatchList`);
    console.log(
      '| kube-apiserver | growth legacy | growth streaming | streaming growth vs legacy (95% CI) | peak legacy | peak streaming | time to synced p50 legacy / streaming | APF seats per request legacy / streaming |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const version of versions) {
      const key = `${c.name} ${version}`;
      const f = figures.get(key) ?? [];
      const of = (variant: string, pick: (x: RepFigures) => number) => f.filter((x) => x.variant === variant).map(pick);
      const growth = (v: string) => of(v, (x) => x.rssGrowthBytes);
      const peak = (v: string) => of(v, (x) => x.rssPeakBytes);
      const sync = (v: string) => of(v, (x) => x.syncedP50Ms).filter(Number.isFinite);
      const syncText = (v: string) => (sync(v).length ? `${mean(sync(v)).toFixed(0)} ms` : 'n/a');
      // the load's flow schema (global-default for the local target's ksb-load user), every verb
      const seats = (v: string) => of(v, (x) => x.apfSeatsPerRequest).filter(Number.isFinite);
      const seatsText = (v: string) => (seats(v).length ? mean(seats(v)).toFixed(1) : 'n/a');
      console.log(
        `| ${server.get(key)} | ${fmtMiB(mean(growth('legacy')))} | ${fmtMiB(mean(growth('streaming')))} | ${ratioText(growth('legacy'), growth('streaming'))} | ${fmtMiB(mean(peak('legacy')))} | ${fmtMiB(mean(peak('streaming')))} | ${syncText('legacy')} / ${syncText('streaming')} | ${seatsText('legacy')} / ${seatsText('streaming')} |`,
      );
    }
  }
  console.log(`\nengine: ${engineText}; run directories:\n${dirs.map((d) => `  ${d}`).join('\n')}`);
}

main().catch((e) => {
  console.error(`bench:versions failed: ${(e as Error).message}`);
  process.exit(1);
});
