// `ksb report <run-or-comparison...> --out <dir>`: report.md, report.html and charts.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { InputError } from '../errors/input-error.js';
import { pairsFor, runComparison, type ComparisonResult } from '../compare/comparison.js';
import { loadRunOrRuns, type LoadedRun } from '../results/load-run.js';
import { writeReport } from '../report/write-report.js';
import { parseThreshold, requireDirectories } from './parse.js';

async function load(
  inputs: string[],
  o: { threshold: number; allowMismatch: boolean },
): Promise<{ comparison: ComparisonResult; runs: LoadedRun[] }> {
  if (inputs.length === 1 && existsSync(join(inputs[0]!, 'comparison.json'))) {
    const comparison = JSON.parse(await readFile(join(inputs[0]!, 'comparison.json'), 'utf8')) as ComparisonResult;
    if (comparison.pairs.some((p) => p.rows.some((r) => !r.estimate)))
      throw new InputError(`${inputs[0]}: a comparison from an older ksb (bootstrap intervals); run ksb compare on its runs again`);
    const dirs = [...new Set(comparison.pairs.flatMap((p) => [p.baseline.run_dir, p.candidate.run_dir]))];
    return { comparison, runs: await Promise.all(dirs.map(loadRunOrRuns)) };
  }
  const runs = await Promise.all(inputs.map(loadRunOrRuns));
  const single = runs.length === 1 && runs[0]!.manifest.variants.length === 1;
  return { comparison: runComparison(single ? [] : pairsFor(runs, { allowMismatch: o.allowMismatch }), { threshold: o.threshold }), runs };
}

export function reportCommand(): Command {
  return new Command('report')
    .description('write report.md (for a PR comment), report.html and charts (SVG, PNG) for runs or a comparison')
    .argument('<inputs...>', 'a comparison directory, one run with several variants, or a baseline and a candidate run')
    .requiredOption('--out <dir>', 'directory for the report (must not hold one already)')
    .option('--threshold <percent>', 'verdict threshold when comparing runs here (above 0%, below 100%)', parseThreshold, 0.05)
    .option('--allow-mismatch', 'report on runs whose workload or target differ', false)
    .action(async (inputs: string[], o: { out: string; threshold: number; allowMismatch: boolean }) => {
      requireDirectories(inputs, 'a comparison directory, a run directory or a directory of runs');
      const { comparison, runs } = await load(inputs, o);
      const files = await writeReport(o.out, comparison, runs);
      process.stdout.write(`wrote ${files.map((f) => join(o.out, f)).join(', ')}\n`);
    });
}
