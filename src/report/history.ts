// Nightly history: one CSV a job can keep as an artifact or commit. An append rewrites the whole file
// atomically (temp file, fsync, rename), so an interrupted append leaves the previous file intact.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { LoadedRun } from '../results/load-run.js';
import { gitVersion } from '../results/manifest.js';
import { METRICS } from '../metrics/metrics.js';
import { predictionRatio } from '../stats/ratio.js';
import { mean } from '../stats/stats.js';
import { verdictOf } from '../stats/verdict.js';
import { toCsv, writeFileAtomic } from '../files/atomic-write.js';

const HISTORY_COLUMNS = [
  'run_id',
  'started',
  'git_commit',
  'workload',
  'target',
  'kube_version',
  'variant',
  'metric',
  'value',
  'unit',
  'reps',
] as const;
export type HistoryRow = Record<(typeof HISTORY_COLUMNS)[number], string>;

export async function readHistory(db: string): Promise<HistoryRow[]> {
  if (!existsSync(db)) return [];
  const text = await readFile(db, 'utf8');
  if (!text.trim()) return [];
  const header = text.slice(0, text.indexOf('\n')).trim();
  if (header !== HISTORY_COLUMNS.join(',')) throw new Error(`--db ${db}: not a ksb history file (header is "${header.slice(0, 120)}")`);
  return parse(text, { columns: true }) as HistoryRow[];
}

function historyRowsFor(run: LoadedRun): HistoryRow[] {
  const m = run.manifest;
  const kube = [...new Set(m.repetitions.map((r) => gitVersion(r) ?? ''))].filter(Boolean).join(',');
  const rows: HistoryRow[] = [];
  for (const v of m.variants.map((x) => x.name)) {
    const figs = run.figures.filter((f) => f.variant === v);
    for (const metric of METRICS) {
      const xs = figs.map(metric.of).filter(Number.isFinite);
      if (!xs.length) continue;
      rows.push({
        run_id: m.run_id,
        started: m.started,
        git_commit: m.tool.git_commit ?? '',
        workload: m.workload.name,
        target: m.target.kind,
        kube_version: kube,
        variant: v,
        metric: metric.key,
        value: String(mean(xs)),
        unit: metric.unit,
        reps: String(xs.length),
      });
    }
  }
  return rows;
}

/** Appends a run's summary; a run already in the history is not added twice. Returns rows added. */
export async function appendHistory(db: string, run: LoadedRun, beforeRename?: () => void): Promise<number> {
  const existing = await readHistory(db);
  if (existing.some((r) => r.run_id === run.manifest.run_id)) return 0;
  const added = historyRowsFor(run);
  await writeFileAtomic(db, toCsv([...existing, ...added], HISTORY_COLUMNS), beforeRename);
  return added.length;
}

export interface TrendPoint {
  series: string;
  metric: string;
  started: string;
  run_id: string;
  value: number;
  regressed: boolean;
  /** flagged when it regresses (--gate); the other metrics are charted only */
  gated: boolean;
  /** geometric mean of the `window` points before it */
  baseline: number;
}

/**
 * Marks a point regressed when it lies above the 95% prediction interval from the `window` points before it in
 * the same series (workload, target, variant, metric) and more than `threshold` above their geometric mean: the
 * verdict of compare, with run-to-run noise measured by the earlier runs. Lower is better for every metric.
 */
export function trend(rows: HistoryRow[], o: { threshold: number; window: number; gates?: string[] }): TrendPoint[] {
  const groups = new Map<string, HistoryRow[]>();
  for (const r of rows) {
    const key = `${r.workload}|${r.target}|${r.variant}|${r.metric}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: TrendPoint[] = [];
  for (const [key, series] of groups) {
    const [workload, target, variant, metric] = key.split('|') as [string, string, string, string];
    const sorted = [...series].sort((a, b) => a.started.localeCompare(b.started));
    sorted.forEach((r, i) => {
      const prior = sorted.slice(Math.max(0, i - o.window), i).map((p) => Number(p.value));
      const value = Number(r.value);
      const estimate = predictionRatio(prior, value);
      const gated = !o.gates || o.gates.includes(metric);
      out.push({
        series: `${workload} / ${target} / ${variant}`,
        metric,
        started: r.started,
        run_id: r.run_id,
        value,
        baseline: value / estimate.ratio,
        gated,
        regressed: gated && verdictOf(estimate, { threshold: o.threshold }).verdict === 'regressed',
      });
    });
  }
  return out;
}
