// A/A splits: the repetitions of one run, dealt at random into two disjoint sides, each written as a run directory
// of its own, so that compare judges them exactly as it judges any two runs.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { toCsv, writeFileAtomic } from '../src/files/atomic-write.js';
import type { LoadedRun } from '../src/results/load-run.js';
import { REQUEST_COLUMNS, SAMPLE_COLUMNS } from '../src/results/rows.js';
import { seededRandom, seedOf, shuffled } from './random.js';

/** Repetition numbers per variant, one side of a split. */
export type Picks = Record<string, number[]>;

/** Complete repetitions per variant: the pool the sides are dealt from. */
export function completeReps(run: LoadedRun): Picks {
  const out: Picks = {};
  for (const v of run.manifest.variants)
    out[v.name] = run.manifest.repetitions.filter((r) => r.variant === v.name && r.status === 'complete').map((r) => r.rep);
  return out;
}

/** Split `index` (seeded): per variant, n repetitions for side a and n others for side b. */
export function randomSplit(pool: Picks, n: number, seed: number, index: number): { a: Picks; b: Picks } {
  const a: Picks = {};
  const b: Picks = {};
  for (const [variant, reps] of Object.entries(pool)) {
    if (reps.length < 2 * n) throw new Error(`${variant}: ${reps.length} complete repetitions, and two sides of ${n} need ${2 * n}`);
    const order = shuffled(reps, seededRandom(seedOf(seed, 'aa', variant, n, index)));
    a[variant] = order.slice(0, n);
    b[variant] = order.slice(n, 2 * n);
  }
  return { a, b };
}

/** Writes a run directory holding only the picked repetitions of `run`, renumbered 1…n per variant. */
export async function writeSubsetRun(run: LoadedRun, picks: Picks, dir: string, runId: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const renumber = new Map<string, number>();
  for (const [variant, reps] of Object.entries(picks)) reps.forEach((rep, i) => renumber.set(`${variant}|${rep}`, i + 1));
  const renumbered = <T extends { variant: string; rep: number }>(rows: T[]): T[] =>
    rows.flatMap((r) => {
      const rep = renumber.get(`${r.variant}|${r.rep}`);
      return rep === undefined ? [] : [{ ...r, rep }];
    });
  const repetitions = renumbered(run.manifest.repetitions);
  const manifest = {
    ...run.manifest,
    run_id: runId,
    reps: Math.max(...Object.values(picks).map((p) => p.length)),
    repetitions,
    status: 'complete',
  };
  const rows = <T extends { variant: string; rep: number; run_id: string }>(xs: T[]) =>
    renumbered(xs).map((r) => ({ ...r, run_id: runId }));
  await writeFileAtomic(join(dir, 'run.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFileAtomic(join(dir, 'samples.csv'), toCsv(rows(run.samples), SAMPLE_COLUMNS));
  await writeFileAtomic(join(dir, 'requests.csv'), toCsv(rows(run.requests), REQUEST_COLUMNS));
  return dir;
}
