// `ksb compare --format benchstat`: the comparison laid out as benchstat prints it, the table reviewers of a
// Kubernetes PR read: per metric the baseline and candidate (geometric mean ± the 95% interval's half-width), and
// the change with its 95% interval, or "~" where the verdict calls no change (benchstat's "not significant").
import { formatValue } from '../metrics/metrics.js';
import { meanInterval } from '../stats/ratio.js';
import type { MetricComparison } from './compare.js';

const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}%`;

function geomean(xs: number[]): number {
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

/** "1.21 GiB ± 3%": the geometric mean and the 95% interval's half-width of the mean, relative, as benchstat's ± is. */
function benchstatSide(xs: number[], unit: MetricComparison['unit']): string {
  const positive = xs.filter((x) => x > 0);
  if (!positive.length) return xs.length ? formatValue(xs[0]!, unit) : 'n/a';
  const centre = geomean(positive);
  const iv = meanInterval(xs);
  const spread = Number.isFinite(iv.high) && iv.mean > 0 ? `± ${Math.round(((iv.high - iv.mean) / iv.mean) * 100)}%` : '± ∞';
  return `${formatValue(centre, unit)} ${spread}`;
}

/** "+12.34% [+8.10%, +16.70%]" for a called change, "~" otherwise, with the repetitions counted as benchstat does. */
function benchstatDelta(r: MetricComparison): string {
  const n = `n=${r.baselineValues.length}+${r.candidateValues.length}`;
  if (r.events || r.bound) return `${r.verdict} (${n})`;
  const e = r.estimate;
  if (r.verdict !== 'regressed' && r.verdict !== 'improved') return `~ (${r.verdict}, ${n})`;
  return `${signed(e.ratio - 1)} [${signed(e.low - 1)}, ${signed(e.high - 1)}] (${n})`;
}

export function formatBenchstat(rows: MetricComparison[], baseline: string, candidate: string): string {
  const header = ['', baseline, candidate, `vs ${baseline}`];
  const body = rows.map((r) => [
    r.metric,
    benchstatSide(r.baselineValues, r.unit),
    benchstatSide(r.candidateValues, r.unit),
    benchstatDelta(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cols: string[]) =>
    cols
      .map((c, i) => c.padEnd(widths[i]!))
      .join(' │ ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}
