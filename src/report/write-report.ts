// Renders a comparison into a report directory: report.md (with Mermaid graphs for a PR comment), report.html,
// charts as SVG and PNG.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComparisonResult } from '../compare/comparison.js';
import type { LoadedRun } from '../results/load-run.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { heapSitesTable } from '../compare/heap-sites.js';
import { allCharts } from './charts.js';
import { reportHtml } from './html.js';
import { reportMarkdown } from './markdown.js';
import { comparisonMermaid } from './mermaid.js';
import { renderChart, svgToPng, type RenderedChart } from './render.js';
import type { SeriesSide } from './series.js';

function sidesOf(c: ComparisonResult, runs: LoadedRun[]): SeriesSide[] {
  // Nothing compared (a single variant): one series per variant of each run.
  if (!c.pairs.length) return runs.flatMap((run) => run.manifest.variants.map((v) => ({ label: v.name, run, variant: v.name })));
  const byDir = new Map(runs.map((r) => [r.dir, r]));
  const sides: SeriesSide[] = [];
  for (const p of c.pairs) {
    for (const s of [p.baseline, p.candidate]) {
      if (sides.some((x) => x.label === s.label)) continue;
      const run = byDir.get(s.run_dir);
      if (!run) throw new Error(`report: run ${s.run_dir} of the comparison was not loaded`);
      sides.push({ label: s.label, run, variant: s.variant });
    }
  }
  return sides;
}

export async function writeReport(outDir: string, c: ComparisonResult, runs: LoadedRun[]): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  if (existsSync(join(outDir, 'report.md')))
    throw new Error(`--out ${outDir} already holds a report.md; choose a new directory (reports are never overwritten)`);
  const sides = sidesOf(c, runs);
  const charts = allCharts(sides);
  const rendered = new Map<string, RenderedChart>();
  const written: string[] = [];
  for (const chart of charts) {
    const r = await renderChart(chart.spec);
    rendered.set(chart.file, r);
    await writeFileAtomic(join(outDir, `${chart.file}.svg`), r.svg);
    await writeFileAtomic(join(outDir, `${chart.file}.png`), await svgToPng(r.svg));
    written.push(`${chart.file}.svg`, `${chart.file}.png`);
  }
  const heapSites = await heapSitesTable(sides);
  await writeFileAtomic(join(outDir, 'report.md'), reportMarkdown(c, runs, charts, heapSites, comparisonMermaid(sides)));
  await writeFileAtomic(join(outDir, 'report.html'), await reportHtml(reportMarkdown(c, runs, charts, heapSites), rendered));
  return ['report.md', 'report.html', ...written];
}
