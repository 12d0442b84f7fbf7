// `ksb capacity`: per variant, the largest value of a workload parameter that stays within the limits.
// Every probe is a normal run directory under <dir>/probes.
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { max } from '../stats/stats.js';
import { renderSvg, svgToPng } from '../report/render.js';
import { toCsv, writeFileAtomic } from '../files/atomic-write.js';
import { createRunDir, runId } from '../results/run-dir.js';
import { runBenchmark, type RunOptions } from '../run/run.js';
import type { WorkloadDefinition } from '../workload/define.js';
import { brokenLimit, type Limit } from './limits.js';
import { searchCapacity, type SearchOptions, type SearchResult } from './search.js';
import { InputError } from '../errors/input-error.js';

export interface CapacityOptions extends Pick<RunOptions, 'target' | 'engine' | 'version' | 'tuning' | 'log'> {
  workload: WorkloadDefinition;
  param: string;
  sets: string[];
  variants: string[];
  reps: number;
  limits: Limit[];
  search: SearchOptions;
  outRoot: string;
}

const CAPACITY_COLUMNS = [
  'param',
  'value',
  'variant',
  'passed',
  'apiserver_rss_peak_bytes',
  'apiserver_rss_growth_bytes',
  'time_to_synced_p99_ms',
  'errors',
  'why',
  'run_dir',
] as const;
type CapacityRow = Record<(typeof CAPACITY_COLUMNS)[number], string | number | boolean>;

/** A blank cell for what a probe did not measure (no informer synced before a crash). */
function finiteOrBlank(x: number): number | string {
  return Number.isFinite(x) ? x : '';
}

/** --param names an integer parameter of the workload: the one the search raises. */
export function checkParam(w: WorkloadDefinition, param: string): void {
  const spec = w.params[param];
  if (!spec) throw new InputError(`--param ${param}: ${w.name} has no parameter "${param}" (it has: ${Object.keys(w.params).join(', ')})`);
  if (spec.type !== 'int') throw new InputError(`--param ${param}: the search raises an integer parameter; ${param} is ${spec.type}`);
}

export async function runCapacity(
  o: CapacityOptions,
): Promise<{ dir: string; results: Record<string, SearchResult>; rows: CapacityRow[]; text: string }> {
  checkParam(o.workload, o.param);
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const { dir } = await createRunDir(o.outRoot, runId(`capacity-${o.workload.name}`));
  const rows: CapacityRow[] = [];
  const results: Record<string, SearchResult> = {};
  const save = () => writeFileAtomic(join(dir, 'capacity.csv'), toCsv(rows, CAPACITY_COLUMNS));
  for (const variant of o.variants) {
    results[variant] = await searchCapacity(async (value) => {
      log(`capacity: ${variant} with ${o.param}=${value}`);
      const run = await runBenchmark({
        workload: o.workload,
        sets: [...o.sets, `${o.param}=${value}`],
        variants: [variant],
        reps: o.reps,
        outRoot: join(dir, 'probes'),
        target: o.target,
        engine: o.engine,
        version: o.version,
        tuning: o.tuning,
        log: () => {},
      });
      const crashed = run.manifest.repetitions.find((r) => r.status === 'target-crashed');
      const engineLimit = run.manifest.repetitions.find((r) => r.reason?.startsWith('load generator limit reached'));
      const worst = run.reps;
      const errors = worst.reduce((a, r) => a + r.errors, 0);
      let why = engineLimit
        ? `load generator limit reached at ${value}: ${engineLimit.reason!.replace(/^load generator limit reached:\s*/, '')}`
        : crashed
          ? `target crashed: ${crashed.reason}`
          : errors
            ? `${errors} request errors`
            : '';
      if (!why) for (const r of worst) why ||= brokenLimit(o.limits, r) ?? '';
      if (!why && run.manifest.status !== 'complete') why = `run ${run.manifest.status}: ${run.manifest.reason ?? ''}`;
      rows.push({
        param: o.param,
        value,
        variant,
        passed: !why,
        apiserver_rss_peak_bytes: finiteOrBlank(max(worst.map((r) => r.rssPeakBytes))),
        apiserver_rss_growth_bytes: finiteOrBlank(Math.round(max(worst.map((r) => r.rssGrowthBytes)))),
        time_to_synced_p99_ms: finiteOrBlank(Math.round(max(worst.map((r) => r.syncedP99Ms)))),
        errors,
        why,
        run_dir: run.dir,
      });
      await save();
      log(`capacity: ${variant} with ${o.param}=${value}: ${why ? `failed (${why})` : 'passed'}`);
      return { passed: !why, why, engineLimit: engineLimit !== undefined };
    }, o.search);
  }
  await save();
  await writeFileAtomic(
    join(dir, 'capacity.json'),
    `${JSON.stringify({ workload: o.workload.name, param: o.param, sets: o.sets, limits: o.limits.map((l) => l.text), search: o.search, results }, null, 2)}\n`,
  );
  const svg = await renderSvg(capacityChart(rows, o));
  await writeFileAtomic(join(dir, 'capacity.svg'), svg);
  await writeFileAtomic(join(dir, 'capacity.png'), await svgToPng(svg));
  return { dir, results, rows, text: capacitySentence(o, results) };
}

/** "legacy held 24 informers under apiserver_rss_bytes<=2GiB; streaming held 410 (17.1×)" */
export function capacitySentence(o: Pick<CapacityOptions, 'param' | 'limits' | 'search'>, results: Record<string, SearchResult>): string {
  const held = (r: SearchResult) =>
    r.engineLimitAt !== undefined
      ? `${r.largestPassing === undefined ? 'none measured' : `at least ${r.largestPassing}`} (load generator limit reached at ${r.engineLimitAt}: the runner's memory budget, not the apiserver, ended the search)`
      : r.largestPassing === undefined
        ? `none (even ${o.search.start} failed)`
        : r.smallestFailing === undefined
          ? `at least ${r.largestPassing} (the search stopped at --max)`
          : `${r.largestPassing}`;
  const entries = Object.entries(results);
  const parts = entries.map(([v, r], i) => {
    const base = entries[0]![1].largestPassing;
    const atLeast = r.smallestFailing === undefined || entries[0]![1].smallestFailing === undefined ? '≥ ' : '';
    const ratio = i > 0 && base && r.largestPassing ? ` (${atLeast}${(r.largestPassing / base).toFixed(1)}×)` : '';
    return i === 0
      ? `${v} held ${held(r)} ${o.param} under ${o.limits.map((l) => l.text).join(' and ') || 'no errors'}`
      : `${v} held ${held(r)}${ratio}`;
  });
  return parts.join('; ');
}

function capacityChart(rows: CapacityRow[], o: Pick<CapacityOptions, 'param' | 'limits'>): TopLevelSpec {
  // Plot the memory figure the search was limited by: peak RSS, or its growth over the baseline.
  const rss = o.limits.find((l) => l.metric === 'apiserver_rss_bytes' || l.metric === 'apiserver_rss_growth_bytes');
  const growth = rss?.metric === 'apiserver_rss_growth_bytes';
  const column = growth ? 'apiserver_rss_growth_bytes' : 'apiserver_rss_peak_bytes';
  const values = rows.map((r) => ({
    value: r.value,
    variant: r.variant,
    rss_mib: Number(r[column]) / 2 ** 20,
    result: r.passed ? 'passed' : 'failed',
  }));
  const layers: unknown[] = [
    {
      mark: { type: 'point', filled: true, size: 90 },
      encoding: {
        x: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: `${o.param} (log scale)` },
        y: { field: 'rss_mib', type: 'quantitative', title: growth ? 'apiserver RSS growth (MiB)' : 'peak apiserver RSS (MiB)' },
        color: { field: 'variant', type: 'nominal', title: null },
        shape: { field: 'result', type: 'nominal', title: null, scale: { domain: ['passed', 'failed'], range: ['circle', 'cross'] } },
      },
    },
  ];
  if (rss)
    layers.push({ mark: { type: 'rule', strokeDash: [6, 4], color: '#d1242f' }, encoding: { y: { datum: rss.threshold / 2 ** 20 } } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 620,
    height: 280,
    config: { font: 'DejaVu Sans' },
    title: `capacity search: ${growth ? 'apiserver RSS growth' : 'peak apiserver RSS'} per probe${rss ? ` (limit ${rss.text})` : ''}`,
    data: { values },
    layer: layers,
  } as TopLevelSpec;
}
