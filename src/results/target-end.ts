// A repetition whose target died (OOM-killed over --memory-limit, or crashed otherwise) has an answer, not a ratio:
// its curves stop at the kill. So has one whose engine died (killed, or stopped at its memory budget): the load
// stopped there. What it used up to then is a lower bound of what it would have used, and figures of
// requests cut off (syncs, latencies) are not figures of the workload at all.
import { formatBytes } from '../workload/units.js';
import { ratioInterval } from '../stats/ratio.js';
import { mean } from '../stats/stats.js';
import type { RepRecord } from './manifest.js';
import type { Scenario } from '../plan/plan.js';
import type { RepFigures, TargetDeath } from '../metrics/rep-figures.js';

/**
 * Metrics that only grow while a repetition runs (peaks, cumulative counters): cut off by a kill, the value
 * measured is a lower bound of the repetition's. Every other metric of a dead repetition is left out.
 */
const GROWS_UNTIL_CUT = new Set([
  'apiserver_rss_peak_bytes',
  'apiserver_rss_growth_bytes',
  'apiserver_heap_peak_bytes',
  'apiserver_allocated_bytes',
  'apiserver_cpu_seconds',
  'apiserver_gc_cycles',
]);

export function boundedWhenCut(metric: string): boolean {
  return GROWS_UNTIL_CUT.has(metric);
}

type EndRecord = Pick<RepRecord, 'status' | 'reason' | 'target' | 'engineExitCode'>;

/** An engine that ended otherwise than with 0 on its own: not a Ctrl-C, not stopped because its target died. */
const engineDied = (rec: EndRecord) =>
  rec.status === 'incomplete' && rec.engineExitCode !== undefined && rec.engineExitCode !== 0 && rec.reason !== 'interrupted';

function targetDeathOf(rec: EndRecord): TargetDeath | undefined {
  if (engineDied(rec)) return { kind: 'engine-died', reason: rec.reason ?? 'the engine ended during the load' };
  if (rec.status !== 'target-crashed') return undefined;
  const limit = rec.target?.details?.memory_limit_bytes;
  const reason = rec.reason ?? 'the target ended during the load';
  return {
    kind: /OOM-killed/.test(reason) ? 'oom-killed' : 'crashed',
    reason,
    ...(typeof limit === 'number' && limit > 0 ? { memoryLimitBytes: limit } : {}),
  };
}

/** Informers the workload starts (the "of 16" in "0 of 16 synced"); reconnect storms count their first sync. */
export function informersPlanned(scenarios: Array<Pick<Scenario, 'kind'> & { count?: number }>): number {
  return scenarios.reduce((a, s) => a + ((s.kind === 'informers' || s.kind === 'reconnect-storm') && typeof s.count === 'number' ? s.count : 0), 0);
}

/** Syncs a repetition should see: each informer once, and a reconnect storm's informers once more after each drop. */
export function syncsPlanned(scenarios: Array<Pick<Scenario, 'kind'> & { count?: number; drops?: number }>): number {
  return scenarios.reduce(
    (a, s) =>
      a +
      (typeof s.count !== 'number' ? 0 : s.kind === 'informers' ? s.count : s.kind === 'reconnect-storm' ? s.count * (1 + (s.drops ?? 0)) : 0),
    0,
  );
}

/** A repetition's figures with how its target ended, as the run and every reader of the run directory see it. */
export function withTargetEnd(fig: RepFigures, rec: EndRecord, planned: number): RepFigures {
  const death = targetDeathOf(rec);
  return { ...fig, informersPlanned: planned, ...(death ? { targetDeath: death } : {}) };
}

/** The values of a metric a comparison may use: a dead repetition's only where they are lower bounds. */
export function usableValues(figures: RepFigures[], metric: string, of: (r: RepFigures) => number): number[] {
  const keep = boundedWhenCut(metric) ? figures : figures.filter((f) => !f.targetDeath);
  return keep.map(of).filter(Number.isFinite);
}

const died = (figs: RepFigures[]) => figs.filter((f) => f.targetDeath);

/**
 * candidate / baseline where a side's target died: a bound, not a measurement. The dead side's values are lower
 * bounds, so with the baseline cut the ratio is at most the one computed, with the candidate cut at least; with
 * both cut there is none. Undefined where no repetition of either side died.
 */
export interface CutRatio {
  /** 'at-most': candidate / baseline ≤ ratio; 'at-least': ≥ ratio; 'none': both sides died, nothing to bound */
  bound: 'at-most' | 'at-least' | 'none';
  ratio: number;
  /** "legacy was OOM-killed at 3 GiB in 1 of 1 repetitions: its curve stops at the kill" */
  why: string;
}

export function cutRatio(metric: string, of: (r: RepFigures) => number, baseline: Side, candidate: Side): CutRatio | undefined {
  const bDied = died(baseline.figures);
  const cDied = died(candidate.figures);
  if (!bDied.length && !cDied.length) return undefined;
  const why = [bDied.length ? deathClause(baseline.label, baseline.figures) : '', cDied.length ? deathClause(candidate.label, candidate.figures) : '']
    .filter(Boolean)
    .join('; ');
  if (!boundedWhenCut(metric)) return undefined;
  const a = usableValues(baseline.figures, metric, of);
  const b = usableValues(candidate.figures, metric, of);
  if (!a.length || !b.length) return undefined;
  if (bDied.length && cDied.length) return { bound: 'none', ratio: NaN, why: `${why}: both curves stop at a kill, so no ratio` };
  const ratio = ratioInterval(a, b).ratio;
  return { bound: bDied.length ? 'at-most' : 'at-least', ratio, why: `${why}: its curve stops at the kill, so the ratio is a bound` };
}

export interface Side {
  label: string;
  figures: RepFigures[];
}

function limitText(figs: RepFigures[]): string {
  const limits = [...new Set(figs.map((f) => f.targetDeath?.memoryLimitBytes).filter((x): x is number => x !== undefined))];
  return limits.length ? ` at ${limits.map((l) => formatBytes(l)).join(', ')}` : '';
}

function deathClause(label: string, figs: RepFigures[]): string {
  const dead = died(figs);
  const of = `${dead.length} of ${figs.length} repetition${figs.length === 1 ? '' : 's'}`;
  const engine = dead.filter((f) => f.targetDeath?.kind === 'engine-died');
  if (engine.length === dead.length) return `${label}'s engine died in ${of}`;
  const ooms = dead.filter((f) => f.targetDeath?.kind === 'oom-killed');
  const what = ooms.length === dead.length ? `OOM-killed${limitText(ooms)}` : ooms.length ? `OOM-killed or crashed` : 'crashed';
  return `${label}'s target was ${what}${engine.length ? ` or its engine died` : ''} in ${of}`;
}

const syncedOf = (f: RepFigures) => `${Math.min(f.syncs, f.informersPlanned ?? f.syncs)}${f.informersPlanned ? ` of ${f.informersPlanned}` : ''}`;

/**
 * How a variant's repetitions ended, as the result: "legacy: OOM-killed at 3 GiB with 0 of 16 synced",
 * "streaming: held, peak 2.3 GiB". Several repetitions: "OOM-killed at 3 GiB in 2 of 3 repetitions (0, 4 of 16
 * synced); held in 1, peak 2.9 GiB".
 */
export function outcomeText(label: string, figs: RepFigures[]): string {
  const dead = died(figs);
  const held = figs.filter((f) => !f.targetDeath);
  const peaks = held.map((f) => f.rssPeakBytes).filter(Number.isFinite);
  const peak = peaks.length ? `, peak ${formatBytes(peaks.length > 1 ? mean(peaks) : peaks[0]!)}${peaks.length > 1 ? ' (mean)' : ''}` : '';
  if (!dead.length) return `${label}: held${figs.length > 1 ? ` in all ${figs.length} repetitions` : ''}${peak}`;
  const ooms = dead.filter((f) => f.targetDeath?.kind === 'oom-killed');
  const crashed = dead.filter((f) => f.targetDeath?.kind === 'crashed');
  const engine = dead.filter((f) => f.targetDeath?.kind === 'engine-died');
  const parts: string[] = [];
  const cut = (fs: RepFigures[], what: string) => {
    const synced = fs.map(syncedOf);
    const inReps = figs.length > 1 ? ` in ${fs.length} of ${figs.length} repetitions` : '';
    const plannedText = fs[0]!.informersPlanned ? '' : ' informers';
    parts.push(`${what}${inReps} with ${synced.length > 1 ? synced.join(', ') : synced[0]}${plannedText} synced`);
  };
  if (ooms.length) cut(ooms, `OOM-killed${limitText(ooms)}`);
  if (crashed.length) cut(crashed, `target crashed (${crashed[0]?.targetDeath?.reason})`);
  if (engine.length) cut(engine, `engine died (${engine[0]?.targetDeath?.reason})`);
  if (held.length) parts.push(`held in ${held.length}${peak}`);
  return `${label}: ${parts.join('; ')}`;
}

/** The outcome of every variant, one line, when any repetition's target died; undefined when all held. */
export function outcomeLine(sides: Side[]): string | undefined {
  if (!sides.some((s) => died(s.figures).length)) return undefined;
  return sides.map((s) => outcomeText(s.label, s.figures)).join('; ');
}
