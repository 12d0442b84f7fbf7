// Builds from a Kubernetes checkout, on a tiny fake one (test/helpers/fake-checkout.ts) that compiles in seconds:
// refusals, cache keys, the user's checkout left byte for byte as it was, the stamped version, the cache, a failed
// build, and `ksb build` end to end. Needs git and Go.
import test from 'ava';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inspectBinary } from '../../src/builds/binary.js';
import { BuildFailed, buildCheckout } from '../../src/builds/checkout.js';
import { checkoutRoot, checkoutSource } from '../../src/builds/checkout-source.js';
import { worktreePath } from '../../src/builds/worktree.js';
import { InputError } from '../../src/errors/input-error.js';
import { runKsb } from '../helpers/cli.js';
import { gitIn, makeFakeCheckout } from '../helpers/fake-checkout.js';
import { tempDir } from '../helpers/tmp.js';

const exec = promisify(execFile);
const quiet = () => undefined;

/** Each test gets its own cache (process.env is this file's own: ava runs test files in their own processes). */
async function setUp(t: import('ava').ExecutionContext, extraCommits = 2) {
  const dir = await tempDir(t, 'ksb-checkout-');
  const repo = join(dir, 'kubernetes');
  const cache = join(dir, 'cache');
  await mkdir(repo);
  const commits = await makeFakeCheckout(repo, extraCommits);
  return { repo, cache, commits: commits as [string, ...string[]] };
}

/** Runs `f` with KSB_CACHE_DIR pointing at `cache` (tests in this file run one at a time). */
async function withCache<T>(cache: string, f: () => Promise<T>): Promise<T> {
  process.env.KSB_CACHE_DIR = cache;
  try {
    return await f();
  } finally {
    delete process.env.KSB_CACHE_DIR;
  }
}

/** The stamped fields the fake kube-apiserver prints without arguments. */
async function stamped(bin: string): Promise<string[]> {
  return (await exec(bin, [])).stdout.trim().split(' ');
}

test.serial('a directory that is not a Kubernetes checkout is refused (exit 2) saying what was expected', async (t) => {
  const dir = await tempDir(t, 'ksb-checkout-');
  const e = await t.throwsAsync(checkoutRoot(dir, '--kube-source'), { instanceOf: InputError });
  t.is(
    e?.message,
    `--kube-source ${dir}: expected a Kubernetes checkout: a git repository with go.work, staging/src/k8s.io/ and cmd/kube-apiserver/ (missing: go.work, staging/src/k8s.io/, cmd/kube-apiserver/)`,
  );
  await makeFakeCheckout(dir, 0);
  await rm(join(dir, '.git'), { recursive: true });
  const noGit = await t.throwsAsync(checkoutRoot(dir, '--kube-source'), { instanceOf: InputError });
  t.regex(noGit?.message ?? '', /\(not a git repository\)$/);
  const inside = await t.throwsAsync(checkoutRoot(join(dir, 'cmd'), '--kube-source'), { instanceOf: InputError });
  t.regex(inside?.message ?? '', /missing: go\.work/);

  const r = await runKsb(['build', dir]);
  t.is(r.code, 2, r.stderr);
  t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  t.regex(r.stderr, /^ksb: build <spec> .*: expected a Kubernetes checkout/);
});

test.serial('a ref that names no commit, or a commit without the Kubernetes layout, is refused', async (t) => {
  const { repo } = await setUp(t);
  const e = await t.throwsAsync(checkoutSource(repo, 'no-such-branch', '--builds head'), { instanceOf: InputError });
  t.is(e?.message, `--builds head: expected a git ref of ${repo} (branch, tag, commit), but "no-such-branch" names no commit there`);
  await gitIn(repo, 'rm', '--quiet', '-r', 'cmd');
  await gitIn(repo, 'commit', '--quiet', '-m', 'drop cmd');
  const layout = await t.throwsAsync(checkoutSource(repo, 'HEAD', '--builds head'), { instanceOf: InputError });
  t.regex(
    layout?.message ?? '',
    /--builds head: HEAD \([0-9a-f]{12}\) expected a Kubernetes checkout.*\(missing there: cmd\/kube-apiserver\)/,
  );
});

test.serial('cache keys: a commit is its key; uncommitted content (tracked or untracked, not ignored) adds its tree id', async (t) => {
  const { repo, commits } = await setUp(t);
  const head = commits.at(-1)!;
  const clean = await checkoutSource(repo, undefined, 'x');
  t.deepEqual(clean, { root: repo, commit: head, treeState: 'clean', key: head });
  t.is((await checkoutSource(repo, 'HEAD', 'x')).key, head, 'same commit, same key, with or without a ref');
  t.is((await checkoutSource(repo, 'v1.33.13', 'x')).key, commits[0]);

  await appendFile(join(repo, 'cmd/kube-apiserver/main.go'), '// edited\n');
  const edited = await checkoutSource(repo, undefined, 'x');
  t.is(edited.treeState, 'dirty');
  t.regex(edited.key, new RegExp(`^${head}-dirty-[0-9a-f]{16}$`));
  t.is((await checkoutSource(repo, undefined, 'x')).key, edited.key, 'the same content, the same key');
  await gitIn(repo, 'add', 'cmd/kube-apiserver/main.go');
  t.is((await checkoutSource(repo, undefined, 'x')).key, edited.key, 'staged or not: the content is what counts');
  t.is((await checkoutSource(repo, 'HEAD', 'x')).key, head, 'a ref builds the commit, whatever the work tree holds');

  await writeFile(join(repo, 'cmd/kube-apiserver/extra.go'), 'package main\n');
  const untracked = await checkoutSource(repo, undefined, 'x');
  t.not(untracked.key, edited.key, 'an untracked file changes the key');
  await writeFile(join(repo, '.git/info/exclude'), 'ignored.txt\n');
  await writeFile(join(repo, 'ignored.txt'), 'x');
  t.is((await checkoutSource(repo, undefined, 'x')).key, untracked.key, 'an ignored file does not');

  await rm(join(repo, 'cmd/kube-apiserver/extra.go'));
  await gitIn(repo, 'checkout', '--quiet', 'HEAD', '--', 'cmd/kube-apiserver/main.go');
  t.deepEqual(await checkoutSource(repo, undefined, 'x'), clean, 'back to the commit: clean again');
});

/** Everything of the user's checkout a build must not change. */
async function snapshot(repo: string) {
  const index = createHash('sha256')
    .update(await readFile(join(repo, '.git/index')))
    .digest('hex');
  const git = (...args: string[]) =>
    exec('git', ['-C', repo, ...args], { env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }).then((r) => r.stdout);
  const files = async (d: string): Promise<string[]> =>
    (await readdir(d, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const tree: Record<string, string> = {};
  for (const f of (await files(repo)).filter((f) => !f.includes('/.git/')))
    tree[f] = createHash('sha256')
      .update(await readFile(f))
      .digest('hex');
  return {
    index,
    status: await git('status', '--porcelain', '--untracked-files=all'),
    head: await git('rev-parse', 'HEAD'),
    symbolicHead: await git('symbolic-ref', 'HEAD'),
    branches: await git('branch', '--list', '-v'),
    stash: await git('stash', 'list'),
    objects: (await files(join(repo, '.git/objects'))).length,
    tree,
  };
}

test.serial("builds at refs and from the dirty work tree leave the user's checkout as it was", async (t) => {
  const { repo, cache, commits } = await setUp(t);
  await gitIn(repo, 'branch', 'feature', commits[1]!);
  await appendFile(join(repo, 'cmd/kube-apiserver/main.go'), '// stashed\n');
  await gitIn(repo, 'stash', 'push', '--quiet', '-m', 'work in progress');
  await writeFile(join(repo, 'cmd/kube-apiserver/staged.go'), 'package main\n');
  await gitIn(repo, 'add', 'cmd/kube-apiserver/staged.go');
  await appendFile(join(repo, 'go.mod'), '// unstaged\n');
  await writeFile(join(repo, 'notes.txt'), 'untracked\n');
  const before = await snapshot(repo);
  t.not(before.status, '', 'the checkout has uncommitted changes');

  await withCache(cache, async () => {
    const atTag = await buildCheckout({ text: `${repo}@v1.33.13`, dir: repo, ref: 'v1.33.13' }, 'x', quiet);
    t.deepEqual((await stamped(atTag.path)).slice(0, 5), ['v1.33.13', '1', '33', commits[0], 'clean']);
    // The second ref reuses ksb's worktree, moved to the next commit.
    const lines: string[] = [];
    const atFeature = await buildCheckout({ text: `${repo}@feature`, dir: repo, ref: 'feature' }, 'x', (l) => lines.push(l));
    t.true(lines.some((l) => l.includes("in ksb's own worktree")));
    const worktree = await worktreePath(repo);
    t.true(worktree.startsWith(join(cache, 'worktrees')));
    t.true(lines.some((l) => l.includes(`in ${worktree}`)));
    t.is(atFeature.identity.gitCommit, commits[1]);
    t.is(await gitIn(worktree, 'rev-parse', 'HEAD'), commits[1]!);
    const dirty = await buildCheckout({ text: repo, dir: repo }, 'x', quiet);
    t.is(dirty.identity.treeState, 'dirty');
    t.regex(dirty.identity.version, new RegExp(`^v1\\.33\\.13-2\\+${commits[2]!.slice(0, 14)}-dirty$`));
  });
  t.deepEqual(await snapshot(repo), before);
});

test.serial('the version is stamped as Kubernetes stamps it; a second build of a commit comes from the cache', async (t) => {
  const { repo, cache, commits } = await setUp(t);
  await withCache(cache, async () => {
    const lines: string[] = [];
    const b = await buildCheckout({ text: `${repo}@HEAD~1`, dir: repo, ref: 'HEAD~1' }, '--builds head', (l) => lines.push(l));
    const describe = `v1.33.13-1+${commits[1]!.slice(0, 14)}`;
    t.deepEqual(await stamped(b.path), [describe, '1', '33+', commits[1], 'clean', '2026-01-01T00:00:00Z']);
    t.deepEqual(b.identity, {
      spec: `${repo}@HEAD~1`,
      kind: 'checkout',
      version: describe,
      release: '1.33.13',
      releaseFromServer: false,
      gitCommit: commits[1],
      treeState: 'clean',
      sha256: createHash('sha256')
        .update(await readFile(b.path))
        .digest('hex'),
      goVersion: (await exec('go', ['env', 'GOVERSION'])).stdout.trim(),
    });
    t.is(b.path, join(cache, 'builds', commits[1]!, 'kube-apiserver'));
    t.true(existsSync(join(cache, 'builds', commits[1]!, 'build.log')));
    t.true(lines.some((l) => /^\[ksb\] built .* in /.test(l)));

    const built = (await stat(b.path)).mtimeMs;
    const again: string[] = [];
    const b2 = await buildCheckout({ text: `${repo}@${commits[1]}`, dir: repo, ref: commits[1] }, 'x', (l) => again.push(l));
    t.is(b2.path, b.path);
    t.is(b2.identity.sha256, b.identity.sha256);
    t.is((await stat(b2.path)).mtimeMs, built, 'not rebuilt');
    t.regex(again.join('\n'), /is cached: /);
  });
});

test.serial('a plain go build (no stamped version) is accepted with its release read from the server', async (t) => {
  const { repo } = await setUp(t, 0);
  const bin = join(repo, 'plain-kube-apiserver');
  await exec('go', ['build', '-o', bin, './cmd/kube-apiserver'], { cwd: repo, env: { ...process.env, CGO_ENABLED: '0' } });
  const { identity } = await inspectBinary(bin, '--kube-apiserver', { spec: bin, kind: 'binary' });
  t.is(identity.version, 'v0.0.0-master+$Format:%H$');
  t.true(identity.releaseFromServer);
  t.is(identity.goVersion, (await exec('go', ['env', 'GOVERSION'])).stdout.trim(), 'read from the binary: what go version says');
});

test.serial('a commit that does not compile is a BuildFailed with the last lines of its log', async (t) => {
  const { repo, cache } = await setUp(t, 0);
  await writeFile(join(repo, 'cmd/kube-apiserver/broken.go'), 'package main\n\nfunc broken( {\n');
  await gitIn(repo, 'add', '-A');
  await gitIn(repo, 'commit', '--quiet', '-m', 'broken');
  const commit = await gitIn(repo, 'rev-parse', 'HEAD');
  const e = await withCache(cache, () =>
    t.throwsAsync(buildCheckout({ text: `${repo}@HEAD`, dir: repo, ref: 'HEAD' }, 'x', quiet), { instanceOf: BuildFailed }),
  );
  t.is(e?.commit, commit);
  t.is(e?.log, join(cache, 'builds', commit, 'build.log'));
  t.regex(
    e?.message ?? '',
    new RegExp(`^building kube-apiserver from .*@HEAD \\(commit ${commit.slice(0, 12)}\\) failed; last lines of .*build\\.log:\\n`),
  );
  t.regex(e?.message ?? '', /broken\.go:3:\d+: syntax error/);
  t.false(existsSync(join(cache, 'builds', commit, 'kube-apiserver')), 'no binary is cached for it');
});

test.serial('ksb build <checkout>@<ref> --json: the binary and its identity; progress on stderr', async (t) => {
  const { repo, cache, commits } = await setUp(t, 1);
  const r = await runKsb(['build', `${repo}@HEAD`, '--json'], { env: { KSB_CACHE_DIR: cache } });
  t.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { path: string; identity: Record<string, unknown> };
  t.is(out.path, join(cache, 'builds', commits[1]!, 'kube-apiserver'));
  t.like(out.identity, { kind: 'checkout', gitCommit: commits[1], treeState: 'clean', release: '1.33.13', releaseFromServer: false });
  t.regex(r.stderr, /\[ksb\] building kube-apiserver from .* \(commit [0-9a-f]{12}, clean\): not in the cache yet/);
  const human = await runKsb(['build', `${repo}@HEAD`], { env: { KSB_CACHE_DIR: cache } });
  t.is(human.code, 0, human.stderr);
  t.regex(human.stdout, new RegExp(`^kube-apiserver +${out.path}$`, 'm'));
  t.regex(human.stdout, /^version +v1\.33\.13-1\+[0-9a-f]{14}$/m);
  t.regex(human.stdout, /^go +go\d/m);
});
