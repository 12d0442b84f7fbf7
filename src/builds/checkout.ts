// kube-apiserver built from a Kubernetes checkout, cached by commit (plus the uncommitted content's tree id) under
// $KSB_CACHE_DIR/builds/<key>/: `dir@ref` builds in ksb's own worktree, `dir` in the checkout itself as it is.
// scripts/build-kube-checkout.sh compiles with the version stamped as the repository's own build stamps it.
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir } from '../tools/cache.js';
import { inspectBinary, type ResolvedBuild } from './binary.js';
import { checkoutRoot, checkoutSource, type CheckoutSource } from './checkout-source.js';
import { NO_GO, runScript, ScriptFailed } from './script.js';
import { worktreeAt } from './worktree.js';

const LOG_TAIL_LINES = 30;
const HEARTBEAT_MS = 30_000;

/** A checkout that does not compile (bisect skips such a commit, as `git bisect run` does with exit 125). */
export class BuildFailed extends Error {
  constructor(
    message: string,
    readonly commit: string,
    readonly log: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

function buildDir(key: string): string {
  return join(cacheDir(), 'builds', key);
}

async function logTail(log: string): Promise<string> {
  const text = await readFile(log, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
}

function elapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Every half minute while Go compiles: how many packages `go build -v` has written to the log so far. */
function heartbeat(log: string, commit: string, say: (line: string) => void): () => void {
  const started = Date.now();
  const timer = setInterval(() => {
    void readFile(log, 'utf8')
      .then((t) =>
        say(
          `[ksb] compiling ${commit.slice(0, 12)}: ${t.split('\n').filter((l) => l && !l.startsWith('#')).length} packages compiled, ${elapsed(Date.now() - started)}`,
        ),
      )
      .catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

async function compile(
  source: CheckoutSource,
  ref: string | undefined,
  spec: string,
  bin: string,
  say: (l: string) => void,
): Promise<void> {
  const log = join(buildDir(source.key), 'build.log');
  const short = source.commit.slice(0, 12);
  say(`[ksb] building kube-apiserver from ${spec} (commit ${short}, ${source.treeState}): not in the cache yet`);
  let dir = source.root;
  if (ref !== undefined) {
    say(`[ksb] checking out ${short} in ksb's own worktree (your checkout is left as it is)`);
    dir = await worktreeAt(source.root, source.commit);
  }
  await writeFile(log, `# ksb: go build ./cmd/kube-apiserver in ${dir} at ${source.commit} (${source.treeState})\n`);
  const started = Date.now();
  const stop = heartbeat(log, source.commit, say);
  try {
    await runScript('build-kube-checkout.sh', [dir, source.commit, source.treeState, bin, log], say);
  } catch (e) {
    if (!(e instanceof ScriptFailed)) throw e;
    if (e.code === 3) throw new Error(`building kube-apiserver from ${spec} ${NO_GO}`, { cause: e });
    throw new BuildFailed(
      `building kube-apiserver from ${spec} (commit ${short}) failed; last lines of ${log}:\n${await logTail(log)}`,
      source.commit,
      log,
      { cause: e },
    );
  } finally {
    stop();
  }
  say(`[ksb] built ${bin} in ${elapsed(Date.now() - started)}`);
}

/** Builds (or finds in the cache) kube-apiserver from `dir` at `ref`, or from its work tree as it is. */
export async function buildCheckout(
  spec: { text: string; dir: string; ref?: string },
  where: string,
  say: (line: string) => void,
): Promise<ResolvedBuild> {
  const root = await checkoutRoot(spec.dir, where);
  const source = await checkoutSource(root, spec.ref, where);
  const bin = join(buildDir(source.key), 'kube-apiserver');
  if (existsSync(bin) && (await stat(bin)).isFile())
    say(`[ksb] kube-apiserver for ${spec.text} (${source.key.slice(0, 12)}) is cached: ${bin}`);
  else {
    await mkdir(buildDir(source.key), { recursive: true });
    await compile(source, spec.ref, spec.text, bin, say);
  }
  return inspectBinary(bin, where, { spec: spec.text, kind: 'checkout', gitCommit: source.commit, treeState: source.treeState });
}
