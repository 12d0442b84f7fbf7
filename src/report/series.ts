// The data behind the charts, one series per compared side (a variant, or a run's variant).
import type { LoadedRun } from '../results/load-run.js';

export interface SeriesSide {
  label: string;
  run: LoadedRun;
  variant: string;
}

export function rssPoints(sides: SeriesSide[]): Array<{ series: string; rep: string; t_s: number; rss_mib: number }> {
  const out: Array<{ series: string; rep: string; t_s: number; rss_mib: number }> = [];
  for (const side of sides) {
    // Several local apiservers: their sum (unlabelled) is the series; each one's own rows are labelled apiserver="i".
    const rows = side.run.samples.filter(
      (s) => s.variant === side.variant && s.metric === 'apiserver_rss_bytes' && !s.labels.includes('apiserver="'),
    );
    // One source per chart, the one the figures use: /proc, else Prometheus's sum over replicas, else /metrics.
    const source = rows.some((s) => s.source === 'proc') ? 'proc' : rows.some((s) => s.source === 'prometheus') ? 'prometheus' : undefined;
    for (const s of rows) {
      if (source && s.source !== source) continue;
      out.push({ series: side.label, rep: `${side.label} #${s.rep}`, t_s: s.t_ms / 1000, rss_mib: s.value / 2 ** 20 });
    }
  }
  return out;
}

export function syncedEcdf(sides: SeriesSide[]): Array<{ series: string; ms: number; fraction: number }> {
  const out: Array<{ series: string; ms: number; fraction: number }> = [];
  for (const side of sides) {
    const xs = side.run.requests
      .filter(
        (r) =>
          r.variant === side.variant &&
          !r.error &&
          (r.op === 'watchlist' || (r.op === 'list' && side.run.informerScenarios.has(r.scenario))),
      )
      .map((r) => r.duration_ms)
      .sort((a, b) => a - b);
    xs.forEach((ms, i) => out.push({ series: side.label, ms, fraction: (i + 1) / xs.length }));
  }
  return out;
}

export function listLatencies(sides: SeriesSide[]): Array<{ series: string; ms: number }> {
  return sides.flatMap((side) =>
    side.run.requests
      .filter((r) => r.variant === side.variant && r.op === 'list' && !r.error)
      .map((r) => ({ series: side.label, ms: r.duration_ms })),
  );
}
