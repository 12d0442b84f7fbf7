// npm run bench:fidelity — does the client change what the apiserver measures? The same informer storm
// (16 × 400 Secrets of 256 KiB, no churn) on the same local kube-apiserver, run by real client-go informers
// (k6/x/kube) and by the JS informers (k6/http LIST + k6/websockets watches), clients interleaved; both
// legacy/streaming ratios and the apiserver's growth per client, side by side. Both speak JSON (the JS client can
// only watch JSON); client-go asks for gzip as it does by default.
import { runBenchmark, type RunResult } from '../src/run/run.js';
import { localTarget } from '../src/targets/local/local-target.js';
import { DEFAULT_KUBE_VERSION } from '../src/targets/local/versions.js';
import { defaultEngine } from '../src/cli/engine-flags.js';
import { BUILT_IN } from '../src/cli/workload-registry.js';
import { ratioInterval } from '../src/stats/ratio.js';
import { mean, stddev } from '../src/stats/stats.js';
import { ratioSentence } from '../src/stats/wording.js';
import { formatBytes } from '../src/workload/units.js';
import type { RepFigures } from '../src/results/summary.js';

const CLIENTS = ['client-go', 'js'] as const;

function pm(xs: number[], fmt: (x: number) => string): string {
  const ok = xs.filter(Number.isFinite);
  return ok.length ? `${fmt(mean(ok))} ± ${fmt(stddev(ok))}` : 'n/a';
}

async function main() {
  const kubeVersion = process.env.KSB_KUBE_VERSION ?? DEFAULT_KUBE_VERSION;
  const rounds = Number(process.env.KSB_BENCH_REPS ?? 2);
  const sets = // JSON, the one encoding both clients speak, so the comparison is of the clients alone.
    (
      process.env.KSB_BENCH_SETS ??
      'informers=16,objects=400,objectSize=256KiB,duration=10s,syncTimeout=180s,churnPerSecond=0,contentType=json'
    ).split(',');
  const engine = await defaultEngine();
  const quiet = process.env.KSB_BENCH_VERBOSE
    ? undefined
    : (line: string) => (/^\s*\[k6|seeding: \d/.test(line) ? undefined : process.stderr.write(`${line}\n`));
  const workload = BUILT_IN.find((w) => w.name === 'informer-storm')!;
  const target = localTarget({ kubeVersion, log: quiet });
  console.log(
    `bench:fidelity — kube-apiserver ${kubeVersion}, informer-storm ${sets.join(' ')}, ${rounds} rounds (client-go, js, client-go, …), legacy and streaming interleaved within each\n`,
  );

  const figures = new Map<string, RepFigures[]>(CLIENTS.map((c) => [c, []]));
  const runs: RunResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const client of CLIENTS) {
      const r = await runBenchmark({
        workload,
        sets: [...sets, `client=${client}`],
        variants: ['legacy', 'streaming'],
        reps: 1,
        outRoot: 'results',
        target,
        engine,
        version: 'bench:fidelity',
        log: quiet,
      });
      runs.push(r);
      figures.get(client)!.push(...r.reps);
      console.log(`  round ${round} ${client}: ${r.dir} (${r.manifest.status})`);
    }
  }

  console.log('\nclient     variant    apiserver RSS growth      peak RSS                 time to synced p50   client CPU   errors');
  for (const client of CLIENTS) {
    for (const variant of ['legacy', 'streaming']) {
      const f = figures.get(client)!.filter((x) => x.variant === variant);
      console.log(
        `${client.padEnd(10)} ${variant.padEnd(10)} ${pm(
          f.map((x) => x.rssGrowthBytes),
          formatBytes,
        ).padEnd(25)} ${pm(
          f.map((x) => x.rssPeakBytes),
          formatBytes,
        ).padEnd(24)} ${pm(
          f.map((x) => x.syncedP50Ms / 1000),
          (x) => `${x.toFixed(2)} s`,
        ).padEnd(20)} ${pm(
          f.map((x) => x.clientCpuSeconds),
          (x) => `${x.toFixed(1)} s`,
        ).padEnd(12)} ${f.reduce((a, x) => a + x.errors, 0)}`,
      );
    }
  }
  console.log('');
  const growth = (client: string, variant: string) =>
    figures
      .get(client)!
      .filter((x) => x.variant === variant)
      .map((x) => x.rssGrowthBytes);
  const label = 'apiserver memory growth';
  for (const client of CLIENTS) {
    const e = ratioInterval(growth(client, 'legacy'), growth(client, 'streaming'));
    console.log(`${client}: ${ratioSentence(e, { candidate: 'streaming', baseline: 'legacy', label, verb: 'used' }) ?? 'no ratio'}`);
  }
  const e = ratioInterval(growth('client-go', 'streaming'), growth('js', 'streaming'));
  console.log(
    `with streaming: ${ratioSentence(e, { candidate: 'the JS informers', baseline: 'client-go informers', label, verb: 'caused' }) ?? 'no ratio'}`,
  );
}

main().catch((e) => {
  console.error(`bench:fidelity failed: ${(e as Error).message}`);
  process.exit(1);
});
