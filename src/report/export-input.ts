// What `ksb export results` reads: a run directory (or a directory of runs, pooled as compare pools them),
// or a comparison directory (comparison.json). Problems are InputErrors naming the path.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComparisonResult } from '../compare/comparison.js';
import { InputError } from '../errors/input-error.js';
import { loadRunOrRuns, type LoadedRun } from '../results/load-run.js';
import type { RunManifest } from '../results/manifest.js';
import type { RunFacts } from './bench-formats.js';

export type ExportInput =
  { kind: 'run'; run: LoadedRun } | { kind: 'comparison'; comparison: ComparisonResult; facts: Map<string, RunFacts> };

async function factsOf(runDir: string): Promise<RunFacts | undefined> {
  try {
    const m = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')) as Partial<RunManifest>;
    return { workload: m.workload?.name ?? 'unknown', run_id: m.run_id ?? 'unknown', clients: m.clients ?? [] };
  } catch {
    return undefined; // moved or deleted since the comparison: its records say the client is unknown
  }
}

async function readComparison(path: string): Promise<ComparisonResult> {
  let c: Partial<ComparisonResult>;
  try {
    c = JSON.parse(await readFile(path, 'utf8')) as Partial<ComparisonResult>;
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message}); the file is damaged or truncated`);
  }
  if (c.kind !== 'ksb-comparison' || !Array.isArray(c.pairs))
    throw new InputError(`${path}: not a comparison of kube-stream-bench (no "kind": "ksb-comparison" with "pairs")`);
  c.pairs.forEach((p, i) => {
    if (!p?.baseline?.run_dir || !p.candidate?.run_dir || !Array.isArray(p.rows))
      throw new InputError(`${path}: pairs[${i}] lacks baseline, candidate or rows`);
  });
  return c as ComparisonResult;
}

export async function loadExportInput(path: string): Promise<ExportInput> {
  if (!existsSync(path) || !statSync(path).isDirectory())
    throw new InputError(`${path}: no such directory (expected a run directory, a directory of runs, or a comparison directory)`);
  const comparisonPath = join(path, 'comparison.json');
  if (existsSync(comparisonPath)) {
    const comparison = await readComparison(comparisonPath);
    const facts = new Map<string, RunFacts>();
    for (const dir of new Set(comparison.pairs.flatMap((p) => [p.baseline.run_dir, p.candidate.run_dir]))) {
      const f = await factsOf(dir);
      if (f) facts.set(dir, f);
    }
    return { kind: 'comparison', comparison, facts };
  }
  return { kind: 'run', run: await loadRunOrRuns(path) };
}
