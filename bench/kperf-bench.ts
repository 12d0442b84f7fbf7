// npm run bench:kperf — the load generator's own cost beside kperf's, on the same LISTs in one run: the local
// kube-apiserver, a collection of ConfigMaps, C clients each LISTing it R times (resourceVersion=0, JSON, gzip
// as client-go asks), first with ksb-runner, then with kperf (`kperf runner run`, staleList), alternating, and
// the client CPU per GB received for each. kperf is MIT but not on the Go module proxy: build it yourself and
// point KSB_KPERF at the binary (the project never fetches or builds it); without it this bench says so and stops.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEngine } from '../src/cli/engine-flags.js';
import { readRunnerJson } from '../src/results/runner-json.js';
import { seed } from '../src/seed/seed.js';
import { kubeConfigFor } from '../src/targets/connection.js';
import { localTarget } from '../src/targets/local/local-target.js';
import { VARIANTS } from '../src/variants/variants.js';
import { defineWorkload, listStorm, param } from '../src/workload/index.js';
import { buildPlan, resolveWorkload } from '../src/workload/resolve.js';
import { mean, stddev } from '../src/stats/stats.js';

const kperf = process.env.KSB_KPERF;
const clients = Number(process.env.KSB_BENCH_CLIENTS ?? 8);
const repeats = Number(process.env.KSB_BENCH_REPEATS ?? 15);
const rounds = Number(process.env.KSB_BENCH_ROUNDS ?? 3);
// A directory to keep ksb-runner's CPU profile of each round in (`go tool pprof`), to see where its CPU goes.
const profiles = process.env.KSB_BENCH_CPU_PROFILES;

interface KperfReport {
  total: number;
  totalReceivedBytes: number;
}

const lists = defineWorkload({
  name: 'kperf-lists',
  description: 'C clients LIST a ConfigMap collection R times each',
  params: { objects: param.int('ConfigMaps', 300) },
  seed: (p) => ({ resource: 'configmaps', namespace: 'kperf', count: p.objects, objectBytes: 100 * 1024 }),
  scenarios: () => [
    listStorm({
      concurrency: clients,
      repeats,
      resource: 'configmaps',
      namespace: 'kperf',
      mode: 'rv0',
      accept: 'json',
      client: 'client-go',
      compression: true,
    }),
  ],
});

/** Runs a command and returns the user+system CPU seconds of it and its children (bash's `times`). */
async function cpuOf(cmd: string, args: string[], env: Record<string, string>): Promise<{ code: number; cpu: number }> {
  const child = spawn('bash', ['-c', '"$@" >/dev/null 2>"$KSB_ERR"; code=$?; times; exit $code', 'bash', cmd, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? 1)));
  const times = out.trim().split('\n').pop() ?? '';
  const secs = [...times.matchAll(/(\d+)m([\d.]+)s/g)].reduce((a, m) => a + Number(m[1]) * 60 + Number(m[2]), 0);
  return { code, cpu: secs };
}

async function main(): Promise<void> {
  if (!kperf) {
    process.stderr.write(
      'bench:kperf: set KSB_KPERF to a kperf binary you built yourself (github.com/Azure/kperf; the project never fetches or builds it)\n',
    );
    process.exit(2);
  }
  const engine = await defaultEngine();
  const provider = localTarget({ kubeVersion: '1.33.13', log: () => {} });
  provider.check([VARIANTS.streaming!]);
  const target = await provider.start(VARIANTS.streaming!);
  const dir = await mkdtemp(join(tmpdir(), 'ksb-kperf-'));
  try {
    const w = resolveWorkload(lists, []);
    await seed(target, w.seed);
    const plan = join(dir, 'plan.json');
    await writeFile(plan, JSON.stringify(buildPlan(w, 'streaming')));
    const kubeconfig = join(dir, 'kubeconfig');
    // kperf refuses a CA together with skipping verification: verify with the local apiserver's CA.
    await writeFile(kubeconfig, (await kubeConfigFor({ ...target, insecureSkipTLSVerify: !target.caPem })).exportConfig());
    const profile = join(dir, 'profile.yaml');
    await writeFile(
      profile,
      [
        'version: 1',
        'description: "the same LISTs as ksb-runner"',
        'specs:',
        `  - rate: 0`,
        `    total: ${clients * repeats}`,
        `    conns: ${clients}`,
        `    client: ${clients}`,
        '    contentType: json',
        '    disableHTTP2: false',
        '    maxRetries: 0',
        '    requests:',
        '      - staleList:',
        '          version: v1',
        '          resource: configmaps',
        '          namespace: kperf',
        '        shares: 100',
        '',
      ].join('\n'),
    );
    const env = { KSB_TARGET_URL: target.url, KSB_INSECURE_SKIP_TLS_VERIFY: 'true', KSB_ERR: join(dir, 'stderr') };
    if (target.token) Object.assign(env, { KSB_TOKEN: target.token });
    const perGb: Record<'ksb-runner' | 'kperf', number[]> = { 'ksb-runner': [], kperf: [] };
    let procs: number | undefined;
    for (let r = 1; r <= rounds; r++) {
      const out = join(dir, `runner-${r}.jsonl`);
      const cpuProfile = profiles ? ['--cpu-profile', join(profiles, `ksb-runner-${r}.pprof`)] : [];
      const a = await cpuOf(engine.path, ['run', '--plan', plan, '--out', out, ...cpuProfile], env);
      const runnerOut = await readRunnerJson(out, 0);
      procs = runnerOut.gomaxprocs;
      const obs = runnerOut.requests.filter((x) => x.op === 'list' && !x.error);
      const bytes = obs.reduce((s, x) => s + Number(x.bytes), 0);
      const result = join(dir, `kperf-${r}.json`);
      const b = await cpuOf(kperf, ['runner', 'run', '--kubeconfig', kubeconfig, '--config', profile, '--result', result], env);
      if (a.code || b.code)
        throw new Error(`round ${r}: ksb-runner exit ${a.code}, kperf exit ${b.code}: ${await readFile(env.KSB_ERR, 'utf8')}`);
      const report = JSON.parse(await readFile(result, 'utf8')) as Partial<KperfReport> & { aggregated?: KperfReport };
      const k = report.aggregated ?? report; // kperf writes {perSpecResults, aggregated}; older kperf the report alone
      perGb['ksb-runner'].push(a.cpu / (bytes / 1e9));
      perGb.kperf.push(b.cpu / ((k.totalReceivedBytes ?? NaN) / 1e9));
      console.log(
        `round ${r}: ksb-runner ${obs.length} LISTs, ${(bytes / 1e9).toFixed(2)} GB received, ${a.cpu.toFixed(2)} s CPU; kperf ${k.total} LISTs, ${((k.totalReceivedBytes ?? NaN) / 1e9).toFixed(2)} GB, ${b.cpu.toFixed(2)} s CPU`,
      );
    }
    const m = (xs: number[]) => `${mean(xs).toFixed(2)} ± ${stddev(xs).toFixed(2)} s/GB`;
    console.log(
      `\nclient CPU per GB received (gzip on the wire; bytes as each client counts them): ksb-runner ${m(perGb['ksb-runner'])}, kperf ${m(perGb.kperf)}; ratio ${(mean(perGb['ksb-runner']) / mean(perGb.kperf)).toFixed(2)}× (goal ≤ 0.8×)`,
    );
    console.log(
      `engine: ksb-runner ${engine.record.version} (${engine.record.go}, client-go ${engine.record.client_go}, GOMAXPROCS ${procs ?? '?'}: its choice for a plan that only reads LIST bodies); kperf with the Go runtime's default GOMAXPROCS (${process.env.GOMAXPROCS ?? cpus().length}); server: kube-apiserver v1.33.13`,
    );
  } finally {
    await target.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
