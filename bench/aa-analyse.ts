// The A/A test of compare: random splits of one run's repetitions into two sides with the same code, each pair
// judged by compare as a PR would be; every change it calls is a false alarm.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pairsFor, runComparison } from '../src/compare/comparison.js';
import { loadRun, type LoadedRun } from '../src/results/load-run.js';
import { METRICS } from '../src/metrics/metrics.js';
import { cvOfLogSd, repsToDetect } from '../src/stats/power.js';
import { stddev } from '../src/stats/stats.js';
import type { Verdict } from '../src/stats/verdict.js';
import { completeReps, randomSplit, writeSubsetRun, type Picks } from './aa-split.js';

export interface AAOptions {
  /** repetitions a side */
  n: number;
  splits: number;
  seed: number;
  threshold: number;
  /** the gated metrics (default: compare's) */
  gates?: string[];
}

export interface AAResult {
  n: number;
  splits: Array<{ a: Picks; b: Picks }>;
  comparisons: number;
  /** per metric and verdict, how many comparisons (all variants) */
  verdicts: Record<string, Record<Verdict, number>>;
  gates: string[];
  /** comparisons in which some gated metric was called improved or regressed */
  anyGatedChange: number;
  /** comparisons in which --fail-on-regression would have failed */
  gateFailures: number;
}

export async function analyseAA(run: LoadedRun, o: AAOptions): Promise<AAResult> {
  const pool = completeReps(run);
  const gates = o.gates ?? METRICS.filter((m) => m.gated).map((m) => m.key);
  const result: AAResult = { n: o.n, splits: [], comparisons: 0, verdicts: {}, gates, anyGatedChange: 0, gateFailures: 0 };
  const work = await mkdtemp(join(tmpdir(), 'ksb-aa-'));
  try {
    for (let i = 0; i < o.splits; i++) {
      const split = randomSplit(pool, o.n, o.seed, i);
      result.splits.push(split);
      const a = await loadRun(await writeSubsetRun(run, split.a, join(work, `${i}-a`), `aa-${i}-a`));
      const b = await loadRun(await writeSubsetRun(run, split.b, join(work, `${i}-b`), `aa-${i}-b`));
      const comparison = runComparison(pairsFor([a, b], {}), { threshold: o.threshold, gates });
      for (const p of comparison.pairs) {
        result.comparisons++;
        for (const r of p.rows) {
          result.verdicts[r.metric] ??= { improved: 0, regressed: 0, unchanged: 0, inconclusive: 0 };
          result.verdicts[r.metric]![r.verdict]++;
        }
        const gated = p.rows.filter((r) => r.gated);
        if (gated.some((r) => r.verdict === 'improved' || r.verdict === 'regressed')) result.anyGatedChange++;
        if (gated.some((r) => r.verdict === 'regressed')) result.gateFailures++;
      }
      await rm(join(work, `${i}-a`), { recursive: true });
      await rm(join(work, `${i}-b`), { recursive: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return result;
}

const pct = (k: number, of: number) => `${k}/${of} (${((100 * k) / of).toFixed(1)}%)`;

export function formatAA(r: AAResult): string {
  const lines = [
    `${r.splits.length} splits × ${r.comparisons / Math.max(1, r.splits.length)} variants = ${r.comparisons} comparisons of ${r.n} vs ${r.n} repetitions:`,
    `${'metric'.padEnd(30)}${'gated'.padEnd(7)}${'false alarms'.padEnd(18)}improved  regressed  unchanged  inconclusive`,
  ];
  for (const [metric, v] of Object.entries(r.verdicts)) {
    const total = v.improved + v.regressed + v.unchanged + v.inconclusive;
    lines.push(
      `${metric.padEnd(30)}${(r.gates.includes(metric) ? 'yes' : '').padEnd(7)}${pct(v.improved + v.regressed, total).padEnd(18)}${String(v.improved).padEnd(10)}${String(v.regressed).padEnd(11)}${String(v.unchanged).padEnd(11)}${v.inconclusive}`,
    );
  }
  lines.push(
    `overall: a gated metric called improved or regressed in ${pct(r.anyGatedChange, r.comparisons)}; --fail-on-regression would have failed ${pct(r.gateFailures, r.comparisons)}`,
  );
  return lines.join('\n');
}

/** The noise of each metric over all of a run's repetitions, and what it takes to catch a 10% change at it. */
export function noiseTable(run: LoadedRun, threshold: number): string {
  const lines = [`${'metric'.padEnd(30)}${'variant'.padEnd(11)}${'n'.padEnd(4)}${'CV'.padEnd(8)}reps a side to catch 10% (4 in 5)`];
  for (const m of METRICS.filter((x) => !x.events)) {
    for (const v of run.manifest.variants.map((x) => x.name)) {
      const xs = run.figures
        .filter((f) => f.variant === v)
        .map(m.of)
        .filter((x) => Number.isFinite(x) && x > 0);
      if (xs.length < 2) continue;
      const logSd = stddev(xs.map(Math.log));
      const reps = repsToDetect(logSd, 0.1, threshold);
      const cv = `${(cvOfLogSd(logSd) * 100).toFixed(1)}%`;
      lines.push(
        `${m.key.padEnd(30)}${v.padEnd(11)}${String(xs.length).padEnd(4)}${cv.padEnd(8)}${Number.isFinite(reps) ? reps : '> 200'}`,
      );
    }
  }
  return lines.join('\n');
}
