// A comparison as a unit: which runs and variants, the options, the rows. Saved as comparison.json
// (read by `ksb report`) and comparison.csv.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { toCsv, writeFileAtomic } from '../files/atomic-write.js';
import { createRunDir } from '../results/run-dir.js';
import { compareSides, type CompareOptions, type MetricComparison } from './compare.js';
import { COMPARISON_COLUMNS, comparisonCsvRows } from './format.js';
import { mismatches, type LoadedRun } from '../results/load-run.js';
import { serverDifferences } from './server-differences.js';
import { outcomeLine, type Side } from '../results/target-end.js';
import { abPairs, contentPairs } from '../variants/variants.js';
import { InputError } from '../errors/input-error.js';

export interface PairSpec {
  baselineRun: LoadedRun;
  baselineVariant: string;
  candidateRun: LoadedRun;
  candidateVariant: string;
  baselineLabel: string;
  candidateLabel: string;
}

export interface ComparisonResult {
  kind: 'ksb-comparison';
  created: string;
  options: CompareOptions;
  pairs: Array<{
    baseline: { run_dir: string; run_id: string; variant: string; label: string };
    candidate: { run_dir: string; run_id: string; variant: string; label: string };
    rows: MetricComparison[];
    /** how the two runs differed (load engine, compatibility version, effective gates), when they did */
    server_differences?: string[];
    /** when a side's target died (OOM-killed): how each side ended, the answer before any ratio */
    outcome?: string;
  }>;
}

/** One run with two variants, or two runs variant by variant. Refuses differing runs unless allowed. */
export function pairsFor(runs: LoadedRun[], o: { variant?: string; allowMismatch?: boolean }): PairSpec[] {
  if (runs.length === 1) {
    const run = runs[0]!;
    const variants = run.manifest.variants.map((v) => v.name);
    if (abPairs(variants).length + contentPairs(variants).length === 0)
      throw new Error(
        `${run.dir} holds one variant (${variants[0]}); compare it with another run: ksb compare <baseline-run> <candidate-run>`,
      );
    return [...abPairs(variants), ...contentPairs(variants)].map(([a, b]) => ({
      baselineRun: run,
      baselineVariant: a,
      candidateRun: run,
      candidateVariant: b,
      baselineLabel: a,
      candidateLabel: b,
    }));
  }
  if (runs.length !== 2) throw new Error('compare takes one run holding several variants, or two runs (baseline, candidate)');
  const [base, cand] = runs as [LoadedRun, LoadedRun];
  const diff = mismatches(base.manifest, cand.manifest);
  if (diff.length && !o.allowMismatch) {
    throw new Error(
      `the runs differ, so their numbers are not comparable:\n  ${diff.join('\n  ')}\npass --allow-mismatch to compare them anyway`,
    );
  }
  const inBoth = base.manifest.variants.map((v) => v.name).filter((v) => cand.manifest.variants.some((c) => c.name === v));
  const variants = o.variant ? [o.variant] : inBoth;
  for (const v of variants)
    if (!inBoth.includes(v)) throw new InputError(`--variant ${v}: not in both runs (both have: ${inBoth.join(', ') || 'none'})`);
  return variants.map((v) => ({
    baselineRun: base,
    baselineVariant: v,
    candidateRun: cand,
    candidateVariant: v,
    baselineLabel: variants.length > 1 ? `baseline ${v}` : 'baseline',
    candidateLabel: variants.length > 1 ? `candidate ${v}` : 'candidate',
  }));
}

export function runComparison(pairs: PairSpec[], options: CompareOptions): ComparisonResult {
  const sides = (p: PairSpec) => [
    { label: p.baselineLabel, figures: p.baselineRun.figures.filter((f) => f.variant === p.baselineVariant) },
    { label: p.candidateLabel, figures: p.candidateRun.figures.filter((f) => f.variant === p.candidateVariant) },
  ];
  return {
    kind: 'ksb-comparison',
    created: new Date().toISOString(),
    options,
    pairs: pairs.map((p) => ({
      baseline: { run_dir: p.baselineRun.dir, run_id: p.baselineRun.manifest.run_id, variant: p.baselineVariant, label: p.baselineLabel },
      candidate: {
        run_dir: p.candidateRun.dir,
        run_id: p.candidateRun.manifest.run_id,
        variant: p.candidateVariant,
        label: p.candidateLabel,
      },
      rows: compareSides(
        { label: p.baselineLabel, figures: p.baselineRun.figures.filter((f) => f.variant === p.baselineVariant) },
        { label: p.candidateLabel, figures: p.candidateRun.figures.filter((f) => f.variant === p.candidateVariant) },
        options,
      ),
      ...differences(p),
      ...outcomeOf(sides(p)),
    })),
  };
}

function outcomeOf(sides: Side[]): { outcome?: string } {
  const line = outcomeLine(sides);
  return line ? { outcome: line } : {};
}

function differences(p: PairSpec): { server_differences?: string[] } {
  if (p.baselineRun === p.candidateRun) return {};
  const diff = serverDifferences(p.baselineRun, p.candidateRun, p.candidateVariant);
  return diff.length ? { server_differences: diff } : {};
}

export async function writeComparison(root: string, result: ComparisonResult): Promise<string> {
  await mkdir(root, { recursive: true });
  const first = result.pairs[0]!;
  const { dir } = await createRunDir(
    root,
    `${result.created.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-compare-${first.baseline.variant}-vs-${first.candidate.variant}`,
  );
  const rows = result.pairs.flatMap((p) =>
    comparisonCsvRows(p.rows).map((r) => ({ ...r, metric: result.pairs.length > 1 ? `${p.candidate.variant}:${r.metric}` : r.metric })),
  );
  await writeFileAtomic(join(dir, 'comparison.csv'), toCsv(rows, COMPARISON_COLUMNS));
  await writeFileAtomic(join(dir, 'comparison.json'), `${JSON.stringify(result, null, 2)}\n`);
  return dir;
}
