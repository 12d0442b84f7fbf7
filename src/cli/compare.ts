// `ksb compare <baseline> [candidate]`: ratios with 95% intervals and verdicts; a CI gate.
import { describeClientLines } from '../results/client-cost.js';
import { Command, InvalidArgumentError } from 'commander';
import { regressedGates, ungatedDefaults } from '../compare/compare.js';
import { pairsFor, runComparison, writeComparison } from '../compare/comparison.js';
import { formatTable, repetitionsLine, sentence, ungatedLine } from '../compare/format.js';
import { heapSitesTable } from '../compare/heap-sites.js';
import { loadRunOrRuns } from '../results/load-run.js';
import { parseMetric, parseThreshold, requireDirectories } from './parse.js';

/** The metrics that get a sentence above the table. */
const HEADLINE = /^apiserver_rss_|^time_to_synced_p50_ms$/;

function collectMetric(value: string, previous: string[]): string[] {
  return [...previous, parseMetric(value)];
}

function collectPerMetric(value: string, previous: Record<string, number>): Record<string, number> {
  const [key, percent] = value.split('=');
  if (!key || percent === undefined)
    throw new InvalidArgumentError(`expected metric=percent, e.g. time_to_synced_p99_ms=10%, got "${value}"`);
  return { ...previous, [parseMetric(key)]: parseThreshold(percent) };
}

export function compareCommand(): Command {
  return new Command('compare')
    .description('compare runs (or the variants of one run): ratio, 95% interval, verdict per metric')
    .argument('<runs...>', 'one run directory holding several variants, or a baseline and a candidate run')
    .option('--variant <variant>', 'with two runs: compare only this variant')
    .option('--threshold <percent>', 'smallest change called a change (above 0%, below 100%)', parseThreshold, 0.05)
    .option('--threshold-for <metric=percent>', 'per-metric threshold (repeatable)', collectPerMetric, {})
    .option(
      '--gate <metric>',
      'metrics that --fail-on-regression checks (repeatable; default: peak and growth RSS, time to synced p99, LIST p99, errors)',
      collectMetric,
      [],
    )
    .option('--fail-on-regression', 'exit 1 when a gated metric regressed', false)
    .option('--allow-mismatch', 'compare runs whose workload, parameters or target differ', false)
    .option('--out <dir>', 'where the comparison directory is created', 'results')
    .option('--heap-sites', "also print the top allocation sites of each side's peak heap profile, side by side", false)
    .action(
      async (
        dirs: string[],
        o: {
          variant?: string;
          threshold: number;
          thresholdFor: Record<string, number>;
          gate: string[];
          failOnRegression: boolean;
          allowMismatch: boolean;
          out: string;
          heapSites: boolean;
        },
      ) => {
        requireDirectories(dirs, 'a run directory or a directory of runs');
        const runs = await Promise.all(dirs.map(loadRunOrRuns));
        const pairs = pairsFor(runs, { variant: o.variant, allowMismatch: o.allowMismatch });
        const result = runComparison(pairs, {
          threshold: o.threshold,
          perMetricThreshold: o.thresholdFor,
          gates: o.gate.length ? o.gate : undefined,
        });
        const out: string[] = [];
        for (const run of runs)
          out.push(
            `${run.manifest.run_id}: clients ${describeClientLines(run.manifest.clients).join('; ') || 'not recorded (a run from before clients were named)'}`,
          );
        for (const p of result.pairs) {
          out.push(`${p.candidate.label} vs ${p.baseline.label}, ${repetitionsLine(p.rows)}`);
          for (const d of p.server_differences ?? []) out.push(`  warning: the runs differed: ${d}`);
          if (p.outcome) out.push(`  ${p.outcome}`);
          for (const r of p.rows.filter((x) => HEADLINE.test(x.metric))) {
            const s = sentence(r, p.baseline.label, p.candidate.label);
            if (s) out.push(`  ${s}`);
          }
          out.push('', formatTable(p.rows, p.baseline.label, p.candidate.label));
          const ungated = ungatedLine(ungatedDefaults(p.rows));
          out.push(...(ungated ? [ungated] : []), '');
          if (o.heapSites) {
            const sides = [p.baseline, p.candidate].flatMap((s) => {
              const run = runs.find((r) => r.dir === s.run_dir);
              return run ? [{ label: s.label, run, variant: s.variant }] : [];
            });
            out.push(
              (await heapSitesTable(sides)) || 'no heap profiles in these runs (the mock has none; profiles come from Go apiservers)',
              '',
            );
          }
        }
        const dir = await writeComparison(o.out, result);
        out.push(`comparison: ${dir}/comparison.csv`);
        process.stdout.write(`${out.join('\n')}\n`);
        const regressed = result.pairs.flatMap((p) => regressedGates(p.rows).map((r) => `${p.candidate.label}: ${r.metric}`));
        if (o.failOnRegression && regressed.length) {
          process.stderr.write(`ksb: gated metrics regressed: ${regressed.join(', ')}\n`);
          process.exitCode = 1;
        }
      },
    );
}
