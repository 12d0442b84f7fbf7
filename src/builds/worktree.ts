// ksb's own git worktree of a checkout, under the cache ($KSB_CACHE_DIR/worktrees/<name>-<hash>), where a commit
// is built without touching the user's work tree, index, stash or branches: one detached worktree per repository,
// moved to the next commit for the next build so Go's build cache and the checked-out files carry over.
// Not safe for two ksb processes building from one repository at the same time.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { cacheDir } from '../tools/cache.js';
import { git } from './git.js';

async function commonDir(dir: string): Promise<string> {
  return resolve(dir, await git(dir, ['rev-parse', '--git-common-dir']));
}

export async function worktreePath(root: string): Promise<string> {
  const id = createHash('sha256')
    .update(await commonDir(root))
    .digest('hex')
    .slice(0, 12);
  return join(cacheDir(), 'worktrees', `${basename(root)}-${id}`);
}

/** Ours and usable: a worktree of this repository (not a leftover directory, not another repository's). */
async function isOurWorktree(path: string, root: string): Promise<boolean> {
  if (!existsSync(join(path, '.git'))) return false;
  const [ours, theirs] = await Promise.all([commonDir(path).catch(() => ''), commonDir(root)]);
  return ours === theirs;
}

/** ksb's worktree of the repository at `root`, checked out at `commit` (detached, clean); returns its path. */
export async function worktreeAt(root: string, commit: string): Promise<string> {
  const path = await worktreePath(root);
  if (await isOurWorktree(path, root)) {
    await git(path, ['checkout', '--quiet', '--force', '--detach', commit]);
    await git(path, ['clean', '--quiet', '-ffdx']);
    return path;
  }
  await rm(path, { recursive: true, force: true });
  // --force: a worktree registered here earlier whose directory was deleted (a cleared cache) is replaced.
  await git(root, ['worktree', 'add', '--quiet', '--force', '--detach', path, commit]);
  return path;
}
