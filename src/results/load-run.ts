// A run directory read back: its manifest, rows, and per-repetition figures.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors/input-error.js';
import { gitVersion, RUN_FORMAT, type RunManifest } from './manifest.js';
import { currentNames, REQUEST_COLUMNS, SAMPLE_COLUMNS, type Op, type RequestRow, type SampleRow } from './rows.js';
import type { RepFigures } from '../metrics/rep-figures.js';
import { repFigures } from './summary.js';
import { informersPlanned, withTargetEnd } from './target-end.js';

export interface LoadedRun {
  dir: string;
  manifest: RunManifest;
  samples: SampleRow[];
  requests: RequestRow[];
  figures: RepFigures[];
  informerScenarios: Set<string>;
}

/** Reads a CSV the run wrote, checking its columns; every problem names the file (and line). */
async function csvRows(dir: string, file: string, columns: readonly string[]): Promise<Array<(col: string) => string>> {
  const path = join(dir, file);
  if (!existsSync(path)) throw new InputError(`${path}: missing (is ${dir} a ksb run directory?)`);
  let records: string[][];
  try {
    records = parse(await readFile(path, 'utf8'), { relax_column_count: false }) as string[][];
  } catch (e) {
    throw new InputError(`${path}: not a readable CSV (${(e as Error).message}); the file is damaged or truncated`);
  }
  const header = records[0] ?? [];
  if (header.join(',') !== columns.join(',')) {
    throw new InputError(`${path}: columns are "${header.join(',')}", expected "${columns.join(',')}"`);
  }
  return records.slice(1).map((rec) => (col: string) => rec[columns.indexOf(col)] ?? '');
}

function numberAt(path: string, line: number, col: string, v: string): number {
  const n = Number(v);
  if (v === '' || !Number.isFinite(n)) throw new InputError(`${path} line ${line}: ${col} is ${JSON.stringify(v)}, expected a number`);
  return n;
}

const blankOrNumber = (path: string, line: number, col: string, v: string): number | '' => (v === '' ? '' : numberAt(path, line, col, v));

async function readManifest(dir: string): Promise<RunManifest> {
  const path = join(dir, 'run.json');
  if (!existsSync(path)) throw new InputError(`${dir}: not a run directory (no run.json)`);
  let m: RunManifest;
  try {
    m = JSON.parse(await readFile(path, 'utf8')) as RunManifest;
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message}); the file is damaged or truncated`);
  }
  if ((m.format ?? 1) > RUN_FORMAT) {
    throw new InputError(`${path}: run format ${m.format}, written by a newer kube-stream-bench (this one reads format ${RUN_FORMAT} and older)`);
  }
  for (const field of ['run_id', 'workload', 'variants', 'scenarios', 'repetitions'] as const) {
    if (m[field] === undefined) throw new InputError(`${path}: no "${field}" (not a run.json of kube-stream-bench?)`);
  }
  return m;
}

/** samples.csv of a run directory (or of a ksb collect directory), checked row by row. */
export async function loadSamples(dir: string): Promise<SampleRow[]> {
  const samplesPath = join(dir, 'samples.csv');
  return (await csvRows(dir, 'samples.csv', SAMPLE_COLUMNS)).map((r, i) => ({
    run_id: r('run_id'),
    variant: r('variant'),
    rep: numberAt(samplesPath, i + 2, 'rep', r('rep')),
    t_ms: numberAt(samplesPath, i + 2, 't_ms', r('t_ms')),
    ...currentNames(r('source'), r('metric')),
    value: numberAt(samplesPath, i + 2, 'value', r('value')),
    labels: r('labels'),
  }));
}

export async function loadRun(dir: string): Promise<LoadedRun> {
  const manifest = await readManifest(dir);
  const samples = await loadSamples(dir);
  const requestsPath = join(dir, 'requests.csv');
  const requests: RequestRow[] = (await csvRows(dir, 'requests.csv', REQUEST_COLUMNS)).map((r, i) => ({
    run_id: r('run_id'),
    variant: r('variant'),
    rep: numberAt(requestsPath, i + 2, 'rep', r('rep')),
    t_ms: numberAt(requestsPath, i + 2, 't_ms', r('t_ms')),
    scenario: r('scenario'),
    op: r('op') as Op,
    status: numberAt(requestsPath, i + 2, 'status', r('status')),
    duration_ms: numberAt(requestsPath, i + 2, 'duration_ms', r('duration_ms')),
    ttfb_ms: blankOrNumber(requestsPath, i + 2, 'ttfb_ms', r('ttfb_ms')),
    bytes: blankOrNumber(requestsPath, i + 2, 'bytes', r('bytes')),
    objects: blankOrNumber(requestsPath, i + 2, 'objects', r('objects')),
    error: r('error'),
  }));
  const informerScenarios = new Set(manifest.scenarios.filter((s) => s.kind === 'informers' || s.kind === 'reconnect-storm').map((s) => s.name));
  const figures = manifest.repetitions
    .filter((r) => r.status !== 'incomplete' || samples.some((s) => s.variant === r.variant && s.rep === r.rep))
    .map((r) =>
      withTargetEnd(
        repFigures(
          r.variant,
          r.rep,
          samples.filter((s) => s.variant === r.variant && s.rep === r.rep),
          requests.filter((q) => q.variant === r.variant && q.rep === r.rep),
          informerScenarios,
          r.apf,
        ),
        r,
        informersPlanned(manifest.scenarios),
      ),
    );
  return { dir, manifest, samples, requests, figures, informerScenarios };
}

/**
 * A run directory, or a directory of run directories of the same workload and target (e.g. one run per
 * interleaved invocation in a PR job), pooled as one run whose repetitions are numbered in order.
 */
export async function loadRunOrRuns(dir: string): Promise<LoadedRun> {
  if (existsSync(join(dir, 'run.json'))) return loadRun(dir);
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'run.json'))).map((e) => e.name).sort();
  if (!entries.length) throw new InputError(`${dir}: neither a run directory (no run.json) nor a directory of runs`);
  const runs = await Promise.all(entries.map((e) => loadRun(join(dir, e))));
  const first = runs[0]!;
  for (const other of runs.slice(1)) {
    const diff = mismatches(first.manifest, other.manifest);
    if (diff.length) throw new InputError(`${other.dir} cannot be pooled with ${first.dir}: ${diff.join('; ')}`);
  }
  const pooled: LoadedRun = { ...first, dir, samples: [], requests: [], figures: [], manifest: { ...first.manifest, run_id: `${first.manifest.run_id}+${runs.length - 1}`, repetitions: [] } };
  const nextRep = new Map<string, number>();
  for (const run of runs) {
    for (const rec of run.manifest.repetitions) {
      const rep = (nextRep.get(rec.variant) ?? 0) + 1;
      nextRep.set(rec.variant, rep);
      pooled.manifest.repetitions.push({ ...rec, rep });
      pooled.samples.push(...run.samples.filter((s) => s.variant === rec.variant && s.rep === rec.rep).map((s) => ({ ...s, rep })));
      pooled.requests.push(...run.requests.filter((r) => r.variant === rec.variant && r.rep === rec.rep).map((r) => ({ ...r, rep })));
      const fig = run.figures.find((f) => f.variant === rec.variant && f.rep === rec.rep);
      if (fig) pooled.figures.push({ ...fig, rep });
    }
  }
  return pooled;
}

/** Fields that make two runs incomparable when they differ. */
function comparableFields(m: RunManifest): Record<string, string> {
  const out: Record<string, string> = {
    workload: m.workload.name,
    target: m.target.kind,
    seed: JSON.stringify(m.seed),
  };
  for (const [k, v] of Object.entries(m.workload.params)) out[`workload.params.${k}`] = String(v);
  const versions = [...new Set(m.repetitions.map((r) => gitVersion(r) ?? ''))].filter(Boolean);
  out['target.version'] = versions.join(',');
  return out;
}

export function mismatches(a: RunManifest, b: RunManifest): string[] {
  const fa = comparableFields(a);
  const fb = comparableFields(b);
  const keys = [...new Set([...Object.keys(fa), ...Object.keys(fb)])].sort();
  return keys.filter((k) => fa[k] !== fb[k]).map((k) => `${k}: ${fa[k] ?? '(unset)'} vs ${fb[k] ?? '(unset)'}`);
}
