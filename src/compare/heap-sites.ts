// Where the apiserver's memory was at its peak, side by side: the top allocation sites (in-use bytes) of the
// peak heap profile of each series, for the report and for `ksb compare --heap-sites`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { topHeapSitesOfFile, type HeapSite } from '../results/heap-top.js';
import type { LoadedRun } from '../results/load-run.js';

export interface HeapSeries {
  label: string;
  run: LoadedRun;
  variant: string;
}

interface SeriesSites {
  label: string;
  /** the repetition whose peak profile is shown: the one with the highest RSS at its peak profile */
  rep?: number;
  sites: HeapSite[];
  note?: string;
}

async function sitesOf(s: HeapSeries, limit: number): Promise<SeriesSites> {
  const reps = s.run.manifest.repetitions.filter((r) => r.variant === s.variant && r.profiles?.peak);
  if (!reps.length) {
    const note = s.run.manifest.repetitions.find((r) => r.variant === s.variant && r.profiles?.note)?.profiles?.note;
    return { label: s.label, sites: [], note: note ?? 'no heap profile in this run' };
  }
  const rep = reps.reduce((a, b) => ((b.profiles!.peakRssBytes ?? 0) > (a.profiles!.peakRssBytes ?? 0) ? b : a));
  const file = join(s.run.dir, rep.profiles!.peak!);
  if (!existsSync(file)) return { label: s.label, rep: rep.rep, sites: [], note: `${file} is missing` };
  return { label: s.label, rep: rep.rep, sites: await topHeapSitesOfFile(file, limit) };
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
/** Go's long import paths, shortened to package.Function for a table cell. */
const shortName = (fn: string) => fn.replace(/^.*\//, '');

/** A markdown table: the union of each series' top sites, one column per series; '' when no series has a profile. */
export async function heapSitesTable(series: HeapSeries[], limit = 5): Promise<string> {
  const all = await Promise.all(series.map((s) => sitesOf(s, limit)));
  if (all.every((s) => !s.sites.length)) return '';
  const functions = [...new Set(all.flatMap((s) => s.sites.map((x) => x.function)))];
  const header = `| allocation site (in-use at peak) | ${all.map((s) => `${s.label}${s.rep ? ` (rep ${s.rep})` : ''}`).join(' | ')} |`;
  const lines = [header, `|---|${all.map(() => '---:|').join('')}`];
  for (const fn of functions) {
    const cells = all.map((s) => {
      const site = s.sites.find((x) => x.function === fn);
      return site ? `${mib(site.bytes)} (${(site.share * 100).toFixed(1)}%)` : s.sites.length ? '—' : 'n/a';
    });
    lines.push(`| \`${shortName(fn)}\` | ${cells.join(' | ')} |`);
  }
  const notes = all.filter((s) => s.note).map((s) => `${s.label}: ${s.note}`);
  return [...lines, '', ...notes.map((n) => `- ${n}`)].join('\n');
}

/** How far down each side's sites a growth is looked for: a site can rise from outside a side's top few. */
const GROWTH_DEPTH = 40;

/**
 * The allocation sites whose in-use bytes at peak grew most from baseline to candidate (a --builds run: base to
 * head), largest growth first; '' when either side has no profile or nothing grew.
 */
export async function heapGrowthTable(baseline: HeapSeries, candidate: HeapSeries, limit = 5): Promise<string> {
  const [a, b] = await Promise.all([sitesOf(baseline, GROWTH_DEPTH), sitesOf(candidate, GROWTH_DEPTH)]);
  if (!a.sites.length || !b.sites.length) return '';
  const bytesIn = (s: SeriesSites, fn: string) => s.sites.find((x) => x.function === fn)?.bytes ?? 0;
  const grown = [...new Set([...a.sites, ...b.sites].map((x) => x.function))]
    .map((fn) => ({ fn, before: bytesIn(a, fn), after: bytesIn(b, fn) }))
    .filter((g) => g.after > g.before)
    .sort((x, y) => y.after - y.before - (x.after - x.before))
    .slice(0, limit);
  if (!grown.length) return '';
  return [
    `| allocation site (in-use at peak) | ${a.label} | ${b.label} | grew by |`,
    '|---|---:|---:|---:|',
    ...grown.map((g) => `| \`${shortName(g.fn)}\` | ${mib(g.before)} | ${mib(g.after)} | +${mib(g.after - g.before)} |`),
  ].join('\n');
}
