// `ksb compare <baseline> [candidate]`: ratios with bootstrap intervals and verdicts; a CI gate.
import { describeClientLines } from '../results/client-cost.js';
import { Command } from 'commander';
import { regressedGates } from '../compare/compare.js';
import { pairsFor, runComparison, writeComparison } from '../compare/comparison.js';
import { formatTable, sentence } from '../compare/format.js';
import { heapSitesTable } from '../compare/heap-sites.js';
import { loadRunOrRuns } from '../results/load-run.js';
import { metricByKey } from '../compare/metrics.js';
import { collect, parsePercent } from './parse.js';

/** The metrics that get a sentence above the table. */
const HEADLINE = /^apiserver_rss_|^time_to_synced_p50_ms$/;

function perMetric(entries: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) {
    const [key, value] = e.split('=');
    if (!key || value === undefined) throw new Error(`--threshold-for ${e}: expected metric=percent, e.g. time_to_synced_p99_ms=10%`);
    metricByKey(key);
    out[key] = parsePercent(value);
  }
  return out;
}

export function compareCommand(): Command {
  return new Command('compare')
    .description('compare runs (or the variants of one run): ratio, 95% bootstrap interval, verdict per metric')
    .argument('<runs...>', 'one run directory holding several variants, or a baseline and a candidate run')
    .option('--variant <variant>', 'with two runs: compare only this variant')
    .option('--threshold <percent>', 'change below which a metric is unchanged', parsePercent, 0.05)
    .option('--threshold-for <metric=percent>', 'per-metric threshold (repeatable)', collect, [])
    .option(
      '--gate <metric>',
      'metrics that --fail-on-regression checks (repeatable; default: peak and growth RSS, time to synced p99, LIST p99, errors)',
      collect,
      [],
    )
    .option('--fail-on-regression', 'exit 1 when a gated metric regressed', false)
    .option('--allow-mismatch', 'compare runs whose workload, parameters or target differ', false)
    .option('--seed <n>', 'bootstrap seed (results are reproducible for a seed)', (v) => Number(v), 0)
    .option('--out <dir>', 'where the comparison directory is created', 'results')
    .option('--heap-sites', "also print the top allocation sites of each side's peak heap profile, side by side", false)
    .action(
      async (
        dirs: string[],
        o: {
          variant?: string;
          threshold: number;
          thresholdFor: string[];
          gate: string[];
          failOnRegression: boolean;
          allowMismatch: boolean;
          seed: number;
          out: string;
          heapSites: boolean;
        },
      ) => {
        o.gate.forEach(metricByKey);
        const runs = await Promise.all(dirs.map(loadRunOrRuns));
        const pairs = pairsFor(runs, { variant: o.variant, allowMismatch: o.allowMismatch });
        const result = runComparison(pairs, {
          threshold: o.threshold,
          perMetricThreshold: perMetric(o.thresholdFor),
          gates: o.gate.length ? o.gate : undefined,
          seed: o.seed,
        });
        const out: string[] = [];
        for (const run of runs)
          out.push(
            `${run.manifest.run_id}: clients ${describeClientLines(run.manifest.clients).join('; ') || 'not recorded (a run from before clients were named)'}`,
          );
        for (const p of result.pairs) {
          out.push(`${p.candidate.label} vs ${p.baseline.label}`);
          for (const r of p.rows.filter((x) => HEADLINE.test(x.metric))) {
            const s = sentence(r, p.baseline.label, p.candidate.label);
            if (s) out.push(`  ${s}`);
          }
          out.push('', formatTable(p.rows, p.baseline.label, p.candidate.label), '');
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
