// A run directory read back: its manifest, rows, and per-repetition figures.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { gitVersion, type RunManifest } from './manifest.js';
import type { Op, RequestRow, SampleRow } from './rows.js';
import { repFigures, type RepFigures } from './summary.js';

export interface LoadedRun {
  dir: string;
  manifest: RunManifest;
  samples: SampleRow[];
  requests: RequestRow[];
  figures: RepFigures[];
  informerScenarios: Set<string>;
}

const blankOrNumber = (v: string): number | '' => (v === '' ? '' : Number(v));

async function csvRows(dir: string, file: string): Promise<Record<string, string>[]> {
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`${dir}: no ${file} (is this a ksb run directory?)`);
  return parse(await readFile(path, 'utf8'), { columns: true }) as Record<string, string>[];
}

export async function loadRun(dir: string): Promise<LoadedRun> {
  const manifestPath = join(dir, 'run.json');
  if (!existsSync(manifestPath)) throw new Error(`${dir}: not a run directory (no run.json)`);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as RunManifest;
  const samples: SampleRow[] = (await csvRows(dir, 'samples.csv')).map((r) => ({
    run_id: r.run_id!,
    variant: r.variant!,
    rep: Number(r.rep),
    t_ms: Number(r.t_ms),
    source: r.source as SampleRow['source'],
    metric: r.metric!,
    value: Number(r.value),
    labels: r.labels ?? '',
  }));
  const requests: RequestRow[] = (await csvRows(dir, 'requests.csv')).map((r) => ({
    run_id: r.run_id!,
    variant: r.variant!,
    rep: Number(r.rep),
    t_ms: Number(r.t_ms),
    scenario: r.scenario!,
    op: r.op as Op,
    status: Number(r.status),
    duration_ms: Number(r.duration_ms),
    ttfb_ms: blankOrNumber(r.ttfb_ms ?? ''),
    bytes: blankOrNumber(r.bytes ?? ''),
    objects: blankOrNumber(r.objects ?? ''),
    error: r.error ?? '',
  }));
  const informerScenarios = new Set(manifest.scenarios.filter((s) => s.kind === 'informers' || s.kind === 'reconnect-storm').map((s) => s.name));
  const figures = manifest.repetitions
    .filter((r) => r.status !== 'incomplete' || samples.some((s) => s.variant === r.variant && s.rep === r.rep))
    .map((r) =>
      repFigures(
        r.variant,
        r.rep,
        samples.filter((s) => s.variant === r.variant && s.rep === r.rep),
        requests.filter((q) => q.variant === r.variant && q.rep === r.rep),
        informerScenarios,
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
  if (!entries.length) throw new Error(`${dir}: neither a run directory (no run.json) nor a directory of runs`);
  const runs = await Promise.all(entries.map((e) => loadRun(join(dir, e))));
  const first = runs[0]!;
  for (const other of runs.slice(1)) {
    const diff = mismatches(first.manifest, other.manifest);
    if (diff.length) throw new Error(`${other.dir} cannot be pooled with ${first.dir}: ${diff.join('; ')}`);
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
