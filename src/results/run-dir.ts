// A new results directory per run; an existing one is never reused or overwritten.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeWriteError } from '../files/atomic-write.js';

export function runId(workload: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${workload}`;
}

/** Creates results/<id> (or <id>-2, -3, … if taken) and returns its path and final id. */
export async function createRunDir(root: string, id: string): Promise<{ dir: string; id: string }> {
  await mkdir(root, { recursive: true }).catch((e: unknown) => {
    throw describeWriteError(root, e);
  });
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? id : `${id}-${n}`;
    const dir = join(root, candidate);
    try {
      await mkdir(dir); // fails if it exists: never overwrite an earlier run
      return { dir, id: candidate };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw describeWriteError(dir, e);
    }
  }
  throw new Error(`--out ${root}: could not find a free run directory name for ${id}`);
}
