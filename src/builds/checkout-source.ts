// Which source a checkout spec builds, read without changing the checkout: a Kubernetes checkout is checked for
// what the repository has (go.work, staging/src/k8s.io/, cmd/kube-apiserver/); `dir@ref` is the ref's commit;
// `dir` alone is its work tree as it is, identified by HEAD plus the git tree of its content (tracked changes and
// untracked files git does not ignore), computed in a scratch index and object store so the user's index and
// object database are not written.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError } from '../errors/input-error.js';
import { git } from './git.js';

/** What a Kubernetes checkout has, relative to its root. */
const LAYOUT = [
  { path: 'go.work', dir: false },
  { path: 'staging/src/k8s.io', dir: true },
  { path: 'cmd/kube-apiserver', dir: true },
];
const EXPECTED = 'expected a Kubernetes checkout: a git repository with go.work, staging/src/k8s.io/ and cmd/kube-apiserver/';

export interface CheckoutSource {
  /** the checkout's root (absolute) */
  root: string;
  commit: string;
  treeState: 'clean' | 'dirty';
  /** the build cache key: the commit, plus the content's tree id when uncommitted changes are built */
  key: string;
}

/** Refuses (exit 2) a directory that is not a Kubernetes checkout, saying what was expected. */
export async function checkoutRoot(dir: string, where: string): Promise<string> {
  const missing = LAYOUT.filter(({ path, dir: isDir }) => {
    const p = join(dir, path);
    return !existsSync(p) || statSync(p).isDirectory() !== isDir;
  }).map((l) => (l.dir ? `${l.path}/` : l.path));
  if (missing.length) throw new InputError(`${where} ${dir}: ${EXPECTED} (missing: ${missing.join(', ')})`);
  const top = await git(dir, ['rev-parse', '--show-toplevel']).catch(() => undefined);
  if (top === undefined) throw new InputError(`${where} ${dir}: ${EXPECTED} (not a git repository)`);
  if (top !== realpathSync(dir)) throw new InputError(`${where} ${dir}: ${EXPECTED} at its root (this is inside ${top})`);
  return top;
}

/** The commit a ref names in the checkout, refused (exit 2) when there is none or its tree is not Kubernetes'. */
async function commitOf(root: string, ref: string, where: string): Promise<string> {
  const commit = await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => '');
  if (!commit) throw new InputError(`${where}: expected a git ref of ${root} (branch, tag, commit), but "${ref}" names no commit there`);
  const present = await git(root, ['ls-tree', '--name-only', commit, '--', ...LAYOUT.map((l) => l.path)]);
  const missing = LAYOUT.filter((l) => !present.split('\n').includes(l.path)).map((l) => l.path);
  if (missing.length) throw new InputError(`${where}: ${ref} (${commit.slice(0, 12)}) ${EXPECTED} (missing there: ${missing.join(', ')})`);
  return commit;
}

/**
 * The git tree id of the work tree's content as `git add -A` would stage it, written to a scratch index (a copy of
 * the user's, so unchanged files are not re-read) and a scratch object directory that borrows the repository's
 * objects as an alternate.
 */
async function workTreeTree(root: string): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), 'ksb-tree-'));
  try {
    const index = resolve(root, await git(root, ['rev-parse', '--git-path', 'index']));
    const objects = resolve(root, await git(root, ['rev-parse', '--git-path', 'objects']));
    const env = {
      GIT_INDEX_FILE: join(scratch, 'index'),
      GIT_OBJECT_DIRECTORY: join(scratch, 'objects'),
      GIT_ALTERNATE_OBJECT_DIRECTORIES: objects,
    };
    await mkdir(env.GIT_OBJECT_DIRECTORY);
    if (existsSync(index)) await copyFile(index, env.GIT_INDEX_FILE);
    else await git(root, ['read-tree', 'HEAD'], env);
    await git(root, ['add', '--all', '--', '.'], env);
    return await git(root, ['write-tree'], env);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export async function checkoutSource(root: string, ref: string | undefined, where: string): Promise<CheckoutSource> {
  if (ref !== undefined) {
    const commit = await commitOf(root, ref, where);
    return { root, commit, treeState: 'clean', key: commit };
  }
  const commit = await git(root, ['rev-parse', '--verify', 'HEAD^{commit}']).catch(() => {
    throw new InputError(`${where} ${root}: ${EXPECTED} (it has no commit yet)`);
  });
  const [tree, headTree] = await Promise.all([workTreeTree(root), git(root, ['rev-parse', 'HEAD^{tree}'])]);
  return tree === headTree
    ? { root, commit, treeState: 'clean', key: commit }
    : { root, commit, treeState: 'dirty', key: `${commit}-dirty-${tree.slice(0, 16)}` };
}
