// The terminal summary, hyperfine style: mean ± σ, range, n, and the ratio between variants.
import { max, mean, ratioOf, stddev } from '../stats/stats.js';
import { formatBytes } from '../workload/units.js';
import type { RepFigures } from '../results/summary.js';

function ms(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`;
}

function bytesPm(xs: number[]): string {
  return `${formatBytes(mean(xs))} ± ${formatBytes(stddev(xs))}`;
}

function secondsPm(xs: number[]): string {
  const ok = xs.filter(Number.isFinite);
  return ok.length ? `${mean(ok).toFixed(2)} s ± ${stddev(ok).toFixed(2)} s` : 'n/a';
}

function bytesOrNa(xs: number[]): string {
  const ok = xs.filter(Number.isFinite);
  return ok.length ? bytesPm(ok) : 'n/a';
}

function msPm(xs: number[]): string {
  const ok = xs.filter(Number.isFinite);
  return ok.length ? `${ms(mean(ok))} ± ${ms(stddev(ok))}` : 'n/a';
}

export function formatVariantSummary(variant: string, reps: RepFigures[]): string {
  const mine = reps.filter((r) => r.variant === variant);
  const peak = mine.map((r) => r.rssPeakBytes);
  const growth = mine.map((r) => r.rssGrowthBytes);
  return [
    `${variant} (${mine.length} repetition${mine.length === 1 ? '' : 's'})`,
    `  Peak apiserver RSS (mean ± σ):   ${bytesPm(peak)}    Range (min … max): ${formatBytes(Math.min(...peak))} … ${formatBytes(max(peak))}`,
    `  RSS growth over baseline:        ${bytesPm(growth)}`,
    `  Time to synced p50 / p99:        ${msPm(mine.map((r) => r.syncedP50Ms))} / ${msPm(mine.map((r) => r.syncedP99Ms))}    (${mine.reduce((a, r) => a + r.syncs, 0)} syncs)`,
    `  LIST latency p50 / p99:          ${msPm(mine.map((r) => r.listP50Ms))} / ${msPm(mine.map((r) => r.listP99Ms))}`,
    `  Errors:                          ${mine.reduce((a, r) => a + r.errors, 0)}`,
    `  CPU apiserver / etcd:            ${secondsPm(mine.map((r) => r.apiserverCpuSeconds))} / ${secondsPm(mine.map((r) => r.etcdCpuSeconds))}`,
    `  Client (k6) CPU / peak RSS:      ${secondsPm(mine.map((r) => r.clientCpuSeconds))} / ${bytesOrNa(mine.map((r) => r.clientRssPeakBytes))}`,
    `  Client CPU per GB received:      ${secondsPm(mine.map((r) => r.clientCpuSecondsPerGB))}`,
  ].join('\n');
}

/** "streaming used 9.8 ± 0.4 × less peak apiserver memory growth than legacy" */
export function formatRatios(base: string, cand: string, reps: RepFigures[]): string[] {
  const of = (v: string, f: (r: RepFigures) => number) =>
    reps
      .filter((r) => r.variant === v)
      .map(f)
      .filter(Number.isFinite);
  const lines: string[] = [];
  const compare = (what: string, f: (r: RepFigures) => number, less: string, more: string) => {
    const a = of(base, f);
    const b = of(cand, f);
    if (!a.length || !b.length) return;
    const { ratio, sigma } = ratioOf(a, b);
    if (!Number.isFinite(ratio) || ratio <= 0) return;
    if (ratio >= 1) lines.push(`${cand} used ${ratio.toFixed(2)} ± ${sigma.toFixed(2)} × ${less} ${what} than ${base}`);
    else {
      const inv = ratioOf(b, a);
      lines.push(`${cand} used ${inv.ratio.toFixed(2)} ± ${inv.sigma.toFixed(2)} × ${more} ${what} than ${base}`);
    }
  };
  compare('peak apiserver memory growth', (r) => r.rssGrowthBytes, 'less', 'more');
  compare('peak apiserver memory', (r) => r.rssPeakBytes, 'less', 'more');
  compare('time to synced (p50)', (r) => r.syncedP50Ms, 'less', 'more');
  return lines;
}
