// The content-type matrix of a run with --content-types: per encoding, each variant's peak and growth, and the
// growth ratios both ways (streaming against legacy in a row, each encoding against the first in a column).
import { formatValue } from '../results/metrics.js';
import type { RepFigures } from '../results/summary.js';
import { ratioInterval } from '../stats/ratio.js';
import { mean } from '../stats/stats.js';
import { ratioCell } from '../stats/wording.js';

function splitCell(name: string): { base: string; ct: string } | undefined {
  const at = name.indexOf('@');
  return at < 0 ? undefined : { base: name.slice(0, at), ct: name.slice(at + 1) };
}

const ofCell = (reps: RepFigures[], cell: string, f: (r: RepFigures) => number) =>
  reps
    .filter((r) => r.variant === cell)
    .map(f)
    .filter(Number.isFinite);

/** Markdown-style table lines; none when the run has no content-type cells. */
export function formatContentMatrix(variants: string[], reps: RepFigures[]): string[] {
  const cells = variants.map(splitCell).filter((c) => c !== undefined);
  if (!cells.length) return [];
  const bases = [...new Set(cells.map((c) => c.base))];
  const cts = [...new Set(cells.map((c) => c.ct))];
  const growth = (base: string, ct: string) => ofCell(reps, `${base}@${ct}`, (r) => r.rssGrowthBytes);
  const peak = (base: string, ct: string) => ofCell(reps, `${base}@${ct}`, (r) => r.rssPeakBytes);
  const shown = (xs: number[]) => (xs.length ? formatValue(mean(xs), 'bytes') : 'n/a');
  const header = [
    'encoding',
    ...bases.flatMap((b) => [`${b} peak`, `${b} growth`]),
    ...(bases.length === 2 ? [`${bases[1]}/${bases[0]} growth`] : []),
    ...bases.map((b) => `${b} growth vs ${cts[0]}`),
  ];
  const rows = cts.map((ct) => [
    ct,
    ...bases.flatMap((b) => [shown(peak(b, ct)), shown(growth(b, ct))]),
    ...(bases.length === 2 ? [ratioCell(ratioInterval(growth(bases[0]!, ct), growth(bases[1]!, ct)))] : []),
    ...bases.map((b) => (ct === cts[0] ? '1' : ratioCell(ratioInterval(growth(b, cts[0]!), growth(b, ct))))),
  ]);
  return [
    'apiserver memory by encoding (means; ratios with 95% intervals, below 1 = less):',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}
