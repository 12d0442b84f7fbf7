// Renders a comparison into a report directory: report.md, report.html, charts as SVG and PNG.
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
import { renderSvg, svgToPng } from './render.js';
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
  const svgs = new Map<string, string>();
  const written: string[] = [];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec);
    svgs.set(chart.file, svg);
    await writeFileAtomic(join(outDir, `${chart.file}.svg`), svg);
    await writeFileAtomic(join(outDir, `${chart.file}.png`), await svgToPng(svg));
    written.push(`${chart.file}.svg`, `${chart.file}.png`);
  }
  const md = reportMarkdown(c, runs, charts, await heapSitesTable(sides));
  await writeFileAtomic(join(outDir, 'report.md'), md);
  await writeFileAtomic(join(outDir, 'report.html'), reportHtml(md, svgs));
  return ['report.md', 'report.html', ...written];
}
