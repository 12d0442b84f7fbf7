// The per-user cache where tools are built (outside the clone, so fresh CI clones reuse it).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function cacheDir(): string {
  return process.env.KSB_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kube-stream-bench');
}

export function scriptPath(name: string): string {
  return fileURLToPath(new URL(`../../../scripts/${name}`, import.meta.url));
}
