// The terminal summary, hyperfine style: mean ± σ, range, n, and the ratio between variants.
import { formatValue, metricByKey, verbOf } from '../metrics/metrics.js';
import { ratioInterval } from '../stats/ratio.js';
import { max } from '../stats/stats.js';
import { boundSentence, meanPm, ratioSentence } from '../stats/wording.js';
import { cutRatio, outcomeLine, outcomeText, usableValues } from '../results/target-end.js';
import { formatBytes } from '../workload/units.js';
import type { RepFigures } from '../metrics/rep-figures.js';

const pm = (xs: number[], unit: 'bytes' | 'ms' | 'seconds') => meanPm(xs.filter(Number.isFinite), (x) => formatValue(x, unit));

export function formatVariantSummary(variant: string, reps: RepFigures[]): string {
  const mine = reps.filter((r) => r.variant === variant);
  const col = (f: (r: RepFigures) => number, unit: 'bytes' | 'ms' | 'seconds') => pm(mine.map(f), unit);
  const peak = mine.map((r) => r.rssPeakBytes).filter(Number.isFinite);
  const range = peak.length > 1 ? `    Range (min … max): ${formatBytes(Math.min(...peak))} … ${formatBytes(max(peak))}` : '';
  // From Prometheus (--prometheus-url) the apiserver figures are sums over its replicas: say so, and show the largest.
  const replicas = mine.map((r) => r.apiserverReplicas).filter(Number.isFinite);
  const replicaLines = replicas.length
    ? [
        `  (apiserver memory and CPU${mine.some((r) => r.replicaSource === 'proc') ? ', each apiserver read directly' : ' from Prometheus'}: the sum over ${max(replicas)} replica${max(replicas) === 1 ? '' : 's'})`,
        `  Peak RSS of the largest replica: ${col((r) => r.rssPeakMaxReplicaBytes, 'bytes')}`,
      ]
    : [];
  const cut = mine.some((r) => r.targetDeath);
  return [
    `${variant} (${mine.length} repetition${mine.length === 1 ? '' : 's'})`,
    ...(cut
      ? [
          `  Outcome: ${outcomeText(variant, mine).slice(variant.length + 2)}`,
          '  (peaks below include the curves cut off by the kill: lower bounds of those repetitions)',
        ]
      : []),
    `  ${`Peak apiserver RSS${peak.length > 1 ? ' (mean ± σ)' : ''}:`.padEnd(33)}${pm(peak, 'bytes')}${range}`,
    ...replicaLines,
    `  RSS growth over baseline:        ${col((r) => r.rssGrowthBytes, 'bytes')}`,
    `  Time to synced p50 / p99:        ${col((r) => r.syncedP50Ms, 'ms')} / ${col((r) => r.syncedP99Ms, 'ms')}    (${mine.reduce((a, r) => a + r.syncs, 0)} syncs)`,
    `  LIST latency p50 / p99:          ${col((r) => r.listP50Ms, 'ms')} / ${col((r) => r.listP99Ms, 'ms')}`,
    `  Errors:                          ${mine.reduce((a, r) => a + r.errors, 0)}`,
    `  CPU apiserver / etcd:            ${col((r) => r.apiserverCpuSeconds, 'seconds')} / ${col((r) => r.etcdCpuSeconds, 'seconds')}`,
    `  Client CPU / peak RSS:           ${col((r) => r.clientCpuSeconds, 'seconds')} / ${col((r) => r.clientRssPeakBytes, 'bytes')}`,
    `  Client CPU per GB received:      ${col((r) => r.clientCpuSecondsPerGB, 'seconds')}`,
    `  APF seats per request:           ${apfText(mine)}`,
  ].join('\n');
}

/**
 * What API Priority and Fairness charged the load, per repetition mean: "LIST 10.0 over 24 (ksb-list); WATCH 1.0 over
 * 6 (ksb-watch); all 8.2, 246 seats", or the flow schema the load landed in, or why there is nothing to show.
 */
export function apfText(reps: RepFigures[]): string {
  const avg = (f: (r: RepFigures) => number) => {
    const xs = reps.map(f).filter(Number.isFinite);
    return xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : NaN;
  };
  const scope = reps.find((r) => r.apf)?.apf;
  const all = avg((r) => r.apfSeatsPerRequest);
  if (!Number.isFinite(all)) {
    const why =
      scope?.note ?? (scope?.schemas.length ? `no APF seats observed in flow schema ${scope.schemas.join(', ')}` : 'no APF figures');
    return `n/a (${why})`;
  }
  const requests = (f: (r: RepFigures) => number) => avg(f).toFixed(0);
  const verb = (name: string, per: number, n: number, schema?: string) =>
    Number.isFinite(per) ? `${name} ${per.toFixed(1)} over ${n.toFixed(0)} (${schema})` : `${name}: none (${schema})`;
  const total = `${avg((r) => r.apfSeatsTotal).toFixed(0)} seats`;
  if (scope?.list && scope.watch)
    return [
      verb(
        'LIST',
        avg((r) => r.apfListSeatsPerRequest),
        avg((r) => r.apfListRequests),
        scope.list,
      ),
      verb(
        'WATCH',
        avg((r) => r.apfWatchSeatsPerRequest),
        avg((r) => r.apfWatchRequests),
        scope.watch,
      ),
      `all ${all.toFixed(1)}, ${total}`,
    ].join('; ');
  return `${all.toFixed(1)} over ${requests((r) => r.apfRequests)} requests, ${total} (flow schema ${scope?.schemas.join(', ') ?? '?'}, all verbs)`;
}

const HEADLINE = ['apiserver_rss_growth_bytes', 'apiserver_rss_peak_bytes', 'time_to_synced_p50_ms'];

/** "streaming used 9.80× less apiserver memory growth than legacy (95% CI 9.1–10.6×)": the sentences of compare. */
export function formatRatios(base: string, cand: string, reps: RepFigures[]): string[] {
  const side = (label: string) => ({ label, figures: reps.filter((r) => r.variant === label) });
  const outcome = outcomeLine([side(base), side(cand)]);
  const lines: string[] = outcome ? [outcome] : [];
  for (const key of HEADLINE) {
    const m = metricByKey(key);
    const words = { candidate: cand, baseline: base, label: m.label, verb: verbOf(m) };
    const cut = cutRatio(key, m.of, side(base), side(cand));
    if (cut) {
      const s = cut.bound === 'none' ? undefined : boundSentence({ ...cut, bound: cut.bound }, words);
      if (s) lines.push(s);
      continue;
    }
    const a = usableValues(side(base).figures, key, m.of);
    const b = usableValues(side(cand).figures, key, m.of);
    if (!a.length || !b.length) continue;
    const s = ratioSentence(ratioInterval(a, b), words);
    if (s) lines.push(s);
  }
  return lines;
}

/** One variant alone: how its target ended, when it died. */
export function formatOutcome(variants: string[], reps: RepFigures[]): string[] {
  const line = outcomeLine(variants.map((v) => ({ label: v, figures: reps.filter((r) => r.variant === v) })));
  return line ? ['', line] : [];
}
