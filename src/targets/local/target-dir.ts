// A local target's directory: its tokens, keys, certificates, logs and etcd's data. If ksb exits without stopping
// the target (a second Ctrl-C), the directory still goes.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Imported first so that its exit hook, which kills the processes writing into the directory, runs before this one.
import './process-group.js';

const liveDirs = new Set<string>();
process.on('exit', () => {
  for (const d of liveDirs) rmSync(d, { recursive: true, force: true });
});

export async function makeTargetDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-local-'));
  liveDirs.add(dir);
  return dir;
}

export async function removeTargetDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  liveDirs.delete(dir);
}
