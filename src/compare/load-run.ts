// A run directory read back: its manifest, rows, and per-repetition figures.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { RunManifest } from '../run/manifest.js';
import type { Op, RequestRow, SampleRow } from '../results/rows.js';
import { repFigures, type RepFigures } from '../results/summary.js';

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

/** Fields that make two runs incomparable when they differ. */
export function comparableFields(m: RunManifest): Record<string, string> {
  const out: Record<string, string> = {
    workload: m.workload.name,
    target: m.target.kind,
    seed: JSON.stringify(m.seed),
  };
  for (const [k, v] of Object.entries(m.workload.params)) out[`workload.params.${k}`] = String(v);
  const versions = [...new Set(m.repetitions.map((r) => String(r.target?.version?.gitVersion ?? '')))].filter(Boolean);
  out['target.version'] = versions.join(',');
  return out;
}

export function mismatches(a: RunManifest, b: RunManifest): string[] {
  const fa = comparableFields(a);
  const fb = comparableFields(b);
  const keys = [...new Set([...Object.keys(fa), ...Object.keys(fb)])].sort();
  return keys.filter((k) => fa[k] !== fb[k]).map((k) => `${k}: ${fa[k] ?? '(unset)'} vs ${fb[k] ?? '(unset)'}`);
}
