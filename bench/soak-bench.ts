// npm run bench:soak — the harness itself over a long run: informers with churn and a reconnect every
// 30 s on the mock for KSB_SOAK_MINUTES (10), then ksb's and k6's own RSS after warm-up vs at the end, and
// ksb's open file descriptors before and after. Goal: no growth beyond 10% after warm-up; fds back to baseline.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { loadRun } from '../src/results/load-run.js';
import { runBenchmark } from '../src/run/run.js';
import { mockTarget } from '../src/targets/mock-target.js';
import { defaultEngine } from '../src/cli/engine-flags.js';
import { churn, clientFrom, clientParams, defineWorkload, param, reconnectStorm } from '../src/workload/index.js';

const MiB = 2 ** 20;
const minutes = Number(process.env.KSB_SOAK_MINUTES ?? 10);
const warmupMs = Math.min(60_000, (minutes * 60_000) / 5);
const fdTargets = () =>
  readdirSync('/proc/self/fd').map((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return '(closed)';
    }
  });
/** Whether a k6 child of this process runs (the load is on). */
const k6Running = () =>
  readdirSync('/proc').some((p) => {
    if (!/^\d+$/.test(p)) return false;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      return /^\d+ \(ksb-runner[^)]*\) [^Z] /.test(stat) && Number(stat.split(') ')[1]!.split(' ')[1]) === process.pid;
    } catch {
      return false;
    }
  });

/** The JS heap still in use after a full collection: what a leak keeps, unlike RSS, which V8 rarely gives back. */
const heapAfterGc = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
};

const soak = defineWorkload({
  name: 'soak',
  description: 'informers with churn, every watch dropped every 30 s',
  params: { informers: param.int('informers', 16), ...clientParams },
  seed: () => ({ resource: 'secrets', namespace: 'ksb', count: 100, objectBytes: 16 * 1024 }),
  scenarios: (p) => {
    const durationMs = minutes * 60_000;
    const drops = Math.max(1, Math.floor(durationMs / 30_000) - 1);
    return [
      reconnectStorm({
        count: p.informers,
        resource: 'secrets',
        namespace: 'ksb',
        dropAfterMs: 30_000,
        drops,
        holdMs: durationMs,
        trigger: 'client',
        client: clientFrom(p),
      }),
      churn({ ratePerSecond: 5, durationMs: durationMs - 5_000, startAfterMs: 2_000, resource: 'secrets', namespace: 'ksb', objects: 100 }),
    ];
  },
});

async function main() {
  const engine = await defaultEngine();
  // The first child process makes Node (libuv) open one descriptor it keeps for the process's life (measured here:
  // +1 after the first spawn, none after nine more); the baseline is taken after it, so only the run is judged.
  await new Promise((r) => spawn('true', [], { stdio: ['ignore', 'pipe', 'pipe'] }).on('close', r));
  const fdsBefore = fdTargets();
  let heapWarm = NaN;
  setTimeout(() => (heapWarm = heapAfterGc()), warmupMs).unref();
  const ksbRss: Array<{ t: number; rss: number; heap: number; heapTotal: number; external: number; k6: boolean }> = [];
  const started = Date.now();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    ksbRss.push({
      t: Date.now() - started,
      rss: m.rss,
      heap: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external + m.arrayBuffers,
      k6: k6Running(),
    });
  }, 1000);
  console.log(`bench:soak — ${minutes} min on the mock: 16 client-go informers, churn 5/s, every watch dropped every 30 s\n`);
  const result = await runBenchmark({
    workload: soak,
    sets: [],
    variants: ['streaming'],
    reps: 1,
    outRoot: 'results',
    target: mockTarget,
    engine,
    version: 'bench:soak',
    log: () => {},
  });
  clearInterval(timer);
  await new Promise((r) => setTimeout(r, 2000));
  const fdsAfter = fdTargets();
  const heapEnd = heapAfterGc();
  const k6Rss = (await loadRun(result.dir)).samples.filter((s) => s.metric === 'client_rss_bytes');
  const at = <T extends { t: number }>(xs: T[], t: number) => xs.reduce((best, x) => (Math.abs(x.t - t) < Math.abs(best.t - t) ? x : best));
  const k6Series = k6Rss.map((s) => ({ t: s.t_ms, rss: s.value }));
  const loadMs = Math.max(...k6Series.map((s) => s.t));
  const report = (name: string, series: Array<{ t: number; rss: number }>, warm: number, end: number) => {
    const a = at(series, warm).rss;
    const b = at(series, end).rss;
    console.log(
      `  ${name.padEnd(4)} RSS after warm-up ${(a / MiB).toFixed(1)} MiB, at the end ${(b / MiB).toFixed(1)} MiB: ${(((b - a) / a) * 100).toFixed(1)}% (goal <= 10%)`,
    );
  };
  console.log(`run ${result.dir} (${result.manifest.status}${result.manifest.reason ? `: ${result.manifest.reason}` : ''})`);
  // The load ends when k6 does; after that ksb reads k6's output and writes the result files (reported apart).
  const loadEnd = ksbRss.filter((x) => x.k6).at(-1)!.t;
  report('ksb', ksbRss, warmupMs, loadEnd);
  const post = ksbRss.filter((x) => x.t > loadEnd);
  if (post.length)
    console.log(
      `  ksb RSS while writing the results (after the load): up to ${(Math.max(...post.map((x) => x.rss)) / MiB).toFixed(1)} MiB`,
    );
  console.log('  ksb memory over the run (every minute): t, RSS, JS heap used / committed, external + ArrayBuffers');
  for (const x of ksbRss.filter((_, i) => i % 60 === 0 || i === ksbRss.length - 1))
    console.log(
      `    ${(x.t / 1000).toFixed(0).padStart(4)} s  ${(x.rss / MiB).toFixed(1).padStart(6)} MiB  ${(x.heap / MiB).toFixed(1).padStart(6)} / ${(x.heapTotal / MiB).toFixed(1).padStart(6)} MiB  ${(x.external / MiB).toFixed(1).padStart(6)} MiB${x.k6 ? '' : '  (k6 not running)'}`,
    );
  report('k6', k6Series, warmupMs, loadMs - 1000);
  console.log(
    `  ksb JS heap after a full GC: ${(heapWarm / MiB).toFixed(1)} MiB after warm-up, ${(heapEnd / MiB).toFixed(1)} MiB after the run${Number.isNaN(heapWarm) ? ' (run with --expose-gc)' : ''}`,
  );
  const extra = fdsAfter.filter(
    (f, i) => fdsAfter.indexOf(f) === i && fdsAfter.filter((x) => x === f).length > fdsBefore.filter((x) => x === f).length,
  );
  console.log(
    `  ksb open file descriptors: ${fdsBefore.length} before, ${fdsAfter.length} after (goal: equal)${extra.length ? `; more of: ${extra.join(', ')}` : ''}`,
  );
}

main().catch((e) => {
  console.error(`bench:soak failed: ${(e as Error).stack}`);
  process.exit(1);
});
