// bisect-state.json in the bisect's directory: what it searches (so a rerun with other inputs is refused, not mixed
// in) and every commit judged so far with its evidence, rewritten after each step, so an interrupted bisect resumes
// where it stopped without building or running a judged commit again.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors/input-error.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { StepOutcome } from './search.js';

/** What one commit's step found: the metric for the good build and for it, the ratio with its interval, the verdict. */
export interface StepRecord {
  commit: string;
  subject: string;
  outcome: StepOutcome;
  /** compare's verdict, or why there is none (the build failed) */
  verdict: string;
  goodValue?: number;
  value?: number;
  ratio?: number;
  low?: number;
  high?: number;
  /** repetitions a side */
  reps: number;
  note?: string;
  /** the --builds runs of this step (directories) */
  runs: string[];
}

/** The inputs a bisect's results hold for: a rerun must ask the same. */
export interface BisectKey {
  workload: string;
  sets: string[];
  variant: string;
  metric: string;
  threshold: number;
  source: string;
  good: string;
  bad: string;
}

export interface BisectState {
  format: 1;
  key: BisectKey;
  /** the confirmation (bad against good) first, then the steps in the order they ran */
  steps: StepRecord[];
}

export const STATE_FILE = 'bisect-state.json';

/** The state left in `dir` by an earlier run of the same bisect, or a new one; another bisect's state is refused. */
export async function loadState(dir: string, key: BisectKey): Promise<BisectState> {
  const path = join(dir, STATE_FILE);
  if (!existsSync(path)) return { format: 1, key, steps: [] };
  const state = JSON.parse(await readFile(path, 'utf8')) as BisectState;
  if (JSON.stringify(state.key) !== JSON.stringify(key))
    throw new InputError(
      `--out ${dir}: holds a bisect of other inputs (${JSON.stringify(state.key)}); give another --out, or remove ${path} to start over`,
    );
  return state;
}

async function saveState(dir: string, state: BisectState): Promise<void> {
  await writeFileAtomic(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

/** The step recorded for a commit, if it was judged before. */
function recorded(state: BisectState, commit: string): StepRecord | undefined {
  return state.steps.find((s) => s.commit === commit);
}

/**
 * `measure` made resumable: a commit judged before is answered from the state; a new step is recorded and the state
 * written before the search goes on.
 */
export function resumable(
  dir: string,
  state: BisectState,
  measure: (commit: string) => Promise<StepRecord>,
): (commit: string) => Promise<StepRecord> {
  return async (commit) => {
    const before = recorded(state, commit);
    if (before) return before;
    const step = await measure(commit);
    state.steps.push(step);
    await saveState(dir, state);
    return step;
  };
}
