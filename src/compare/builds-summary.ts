// What `ksb run --builds` prints after its summary: every later build against the first (head against base), per
// variant, as `ksb compare` judges them (ratio of geometric means, 95% interval, verdict), and the allocation sites
// that grew most where heap profiles were taken.
import { loadRun } from '../results/load-run.js';
import { pairsFor, runComparison } from './comparison.js';
import { formatTable, repetitionsLine } from './format.js';
import { heapGrowthTable } from './heap-sites.js';

export async function buildsComparisonText(dir: string): Promise<string> {
  const run = await loadRun(dir);
  const result = runComparison(pairsFor([run], {}), { threshold: 0.05 });
  const out: string[] = [];
  for (const p of result.pairs) {
    out.push(`${p.candidate.label} vs ${p.baseline.label}, ${repetitionsLine(p.rows)}:`);
    if (p.outcome) out.push(`  ${p.outcome}`);
    out.push(formatTable(p.rows, p.baseline.label, p.candidate.label));
    const grown = await heapGrowthTable(
      { label: p.baseline.label, run, variant: p.baseline.variant },
      { label: p.candidate.label, run, variant: p.candidate.variant },
    );
    if (grown) out.push('', `allocation sites that grew most from ${p.baseline.label} to ${p.candidate.label}:`, grown);
    out.push('');
  }
  out.push(`(ksb compare ${dir} compares them again, with --gate and --fail-on-regression; --format benchstat as benchstat prints)`);
  return out.join('\n');
}
