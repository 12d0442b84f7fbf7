// A run or a comparison in the formats continuous-benchmarking tools read: github-action-benchmark's
// customSmallerIsBetter, Bencher Metric Format (BMF) and perfdash's PerfData. Pure functions of what was loaded;
// every record names the client that produced its figure (run.json `clients`).
import type { ComparisonResult } from '../compare/comparison.js';
import { describeClientLines } from '../results/client-cost.js';
import type { LoadedRun } from '../results/load-run.js';
import type { ClientRecord } from '../results/manifest.js';
import { METRICS } from '../metrics/metrics.js';
import { summaryRows } from '../results/summary.js';
import { meanInterval } from '../stats/ratio.js';
import { mean } from '../stats/stats.js';
import { boundedWhenCut, outcomeText, usableValues } from '../results/target-end.js';

export const EXPORT_FORMATS = ['github-action-benchmark', 'bmf', 'perfdash'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** github-action-benchmark, tool customSmallerIsBetter: every ksb metric is lower-is-better. */
export interface GabRecord {
  name: string;
  unit: string;
  value: number;
  /** free text the action shows after the value: here the 95% interval */
  range?: string;
  /** free text for the tooltip: client, repetitions, run */
  extra?: string;
}

/** Bencher Metric Format: benchmark → measure → value with optional bounds. */
export type Bmf = Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>>;

/** perfdash's PerfData (kubernetes/perf-tests perfdash/metrics.go). */
export interface PerfData {
  version: string;
  dataItems: Array<{ data: { Perc50: number; Perc90: number; Perc99: number }; unit: string; labels: Record<string, string> }>;
}

/** What an exported run or comparison side needs to know about its run. */
export interface RunFacts {
  workload: string;
  run_id: string;
  clients: ClientRecord[];
}

/** The client kinds of a run, for names: "client-go", "js", "client-go+js"; "unknown" for runs from before clients were recorded. */
function clientKind(clients: ClientRecord[]): string {
  const kinds = [...new Set(clients.map((c) => c.client))].sort();
  return kinds.length ? kinds.join('+') : 'unknown';
}

function clientText(clients: ClientRecord[]): string {
  const lines = describeClientLines(clients);
  return lines.length ? lines.join('; ') : 'not recorded (a run from before clients were named)';
}

// Ten significant digits: exact for any byte count a run sees, without float noise such as 0.30000000000000004.
const round = (x: number) => Number(x.toPrecision(10));

interface RunFigure {
  benchmark: string;
  metric: string;
  unit: string;
  values: number[];
  mean: number;
  low: number;
  high: number;
  /** the variant's target died in some repetition: how it ended, and whether this value is a lower bound */
  outcome?: string;
  lowerBound?: boolean;
}

/** Per variant and metric: the mean over repetitions with the 95% t interval of that mean (stats/ratio.ts). */
function runFigures(run: LoadedRun): RunFigure[] {
  const kind = clientKind(run.manifest.clients ?? []);
  const anyDied = run.figures.some((f) => f.targetDeath);
  const out: RunFigure[] = [];
  for (const variant of run.manifest.variants.map((v) => v.name)) {
    const mine = run.figures.filter((f) => f.variant === variant);
    const benchmark = `${run.manifest.workload.name}/${variant} [${kind}]`;
    const cut = mine.some((f) => f.targetDeath);
    const outcome = cut ? { outcome: outcomeText(variant, mine) } : {};
    for (const m of METRICS) {
      const values = usableValues(mine, m.key, m.of);
      if (!values.length) continue;
      // A value that includes a curve cut by the kill is a lower bound: no interval around it.
      const lowerBound = cut && boundedWhenCut(m.key);
      const iv = lowerBound ? { mean: mean(values), low: NaN, high: NaN } : meanInterval(values);
      out.push({ benchmark, metric: m.key, unit: m.unit, values, ...iv, ...outcome, ...(lowerBound ? { lowerBound } : {}) });
    }
    if (anyDied) {
      const killed = mine.map((f) => (f.targetDeath?.kind === 'oom-killed' ? 1 : 0));
      out.push({
        benchmark,
        metric: 'target_oom_killed',
        unit: 'count',
        values: killed,
        mean: mean(killed),
        low: NaN,
        high: NaN,
        ...outcome,
      });
    }
  }
  return out;
}

export function runToGab(run: LoadedRun): GabRecord[] {
  const clients = clientText(run.manifest.clients ?? []);
  return runFigures(run).map((f) => ({
    name: `${f.benchmark} ${f.metric}`,
    unit: f.unit,
    value: round(f.mean),
    ...(Number.isFinite(f.low) ? { range: `± ${round((f.high - f.low) / 2)} (95% CI of the mean)` } : {}),
    ...(f.lowerBound ? { range: '≥ (a lower bound: the curve stops where the target was killed)' } : {}),
    extra: `client: ${clients}\nrepetitions: ${f.values.length}\nrun: ${run.manifest.run_id}${f.outcome ? `\noutcome: ${f.outcome}` : ''}`,
  }));
}

export function runToBmf(run: LoadedRun): Bmf {
  const out: Bmf = {};
  for (const f of runFigures(run)) {
    out[f.benchmark] ??= {};
    out[f.benchmark]![f.metric] = {
      value: round(f.mean),
      ...(Number.isFinite(f.low) ? { lower_value: round(f.low), upper_value: round(f.high) } : {}),
      // The true value is at least what the cut curve reached, and has no upper bound.
      ...(f.lowerBound ? { lower_value: round(f.mean) } : {}),
    };
  }
  return out;
}

/** summary.csv's percentiles (over requests for latencies, over repetitions for memory and CPU) as perfdash data items. */
export function runToPerfdash(run: LoadedRun): PerfData {
  const clients = run.manifest.clients ?? [];
  const dataItems: PerfData['dataItems'] = [];
  for (const variant of run.manifest.variants.map((v) => v.name)) {
    const mine = run.figures.filter((f) => f.variant === variant);
    const outcome: Record<string, string> = mine.some((f) => f.targetDeath) ? { Outcome: outcomeText(variant, mine) } : {};
    for (const r of summaryRows(run.manifest.run_id, variant, run.figures, run.requests, run.informerScenarios)) {
      dataItems.push({
        data: { Perc50: r.p50, Perc90: r.p90, Perc99: r.p99 },
        unit: r.unit,
        labels: {
          Metric: r.metric,
          Variant: variant,
          Workload: run.manifest.workload.name,
          Client: clientKind(clients),
          ClientLibrary: clientText(clients),
          RunID: run.manifest.run_id,
          Samples: String(r.n),
          ...outcome,
          ...(outcome.Outcome && boundedWhenCut(r.metric) ? { Bound: 'lower: includes a curve cut off by the kill' } : {}),
        },
      });
    }
  }
  return { version: 'v1', dataItems };
}

interface RatioFigure {
  benchmark: string;
  metric: string;
  ratio: number;
  low: number;
  high: number;
  clients: string;
  n: string;
  /** candidate / baseline is bounded, not measured (a side's target died): ratio is ≤ (at-most) or ≥ (at-least) */
  bound?: 'at-most' | 'at-least';
  outcome?: string;
}

/** Per pair and metric: candidate / baseline with its 95% interval, as compare computed them. */
function comparisonFigures(c: ComparisonResult, facts: (runDir: string) => RunFacts | undefined): RatioFigure[] {
  const out: RatioFigure[] = [];
  for (const p of c.pairs) {
    const base = facts(p.baseline.run_dir);
    const cand = facts(p.candidate.run_dir);
    const workload = cand?.workload ?? base?.workload ?? p.candidate.run_id;
    const kinds = [...new Set([base, cand].map((f) => (f ? clientKind(f.clients) : 'unknown')))].join(' vs ');
    const clients = [base, cand]
      .map((f, i) => `${i ? 'candidate' : 'baseline'}: ${f ? clientText(f.clients) : 'unknown (run directory not found)'}`)
      .join('\n');
    for (const r of p.rows) {
      if (!Number.isFinite(r.estimate.ratio) || r.bound === 'none') continue;
      out.push({
        ...(r.bound ? { bound: r.bound } : {}),
        ...(p.outcome ? { outcome: p.outcome } : {}),
        benchmark: `${workload}/${p.candidate.label} vs ${p.baseline.label} [${kinds}]`,
        metric: r.metric,
        ratio: r.estimate.ratio,
        low: r.estimate.low,
        high: r.estimate.high,
        clients,
        n: `${r.estimate.nBaseline} baseline, ${r.estimate.nCandidate} candidate repetitions; verdict: ${r.verdict}`,
      });
    }
  }
  return out;
}

export function comparisonToGab(c: ComparisonResult, facts: (runDir: string) => RunFacts | undefined): GabRecord[] {
  return comparisonFigures(c, facts).map((f) => ({
    name: `${f.benchmark} ${f.metric}`,
    unit: 'ratio',
    value: round(f.ratio),
    ...(Number.isFinite(f.low) ? { range: `${round(f.low)}–${round(f.high)} (95% CI)` } : {}),
    ...(f.bound ? { range: `${f.bound === 'at-most' ? '≤' : '≥'} ${round(f.ratio)} (a bound, not a measurement)` } : {}),
    extra: `${f.clients}\n${f.n}${f.outcome ? `\noutcome: ${f.outcome}` : ''}`,
  }));
}

export function comparisonToBmf(c: ComparisonResult, facts: (runDir: string) => RunFacts | undefined): Bmf {
  const out: Bmf = {};
  for (const f of comparisonFigures(c, facts)) {
    out[f.benchmark] ??= {};
    out[f.benchmark]![f.metric] = {
      value: round(f.ratio),
      ...(Number.isFinite(f.low) ? { lower_value: round(f.low), upper_value: round(f.high) } : {}),
      ...(f.bound === 'at-most' ? { upper_value: round(f.ratio) } : f.bound === 'at-least' ? { lower_value: round(f.ratio) } : {}),
    };
  }
  return out;
}
