// What a build spec names: a Kubernetes release, a kube-apiserver binary, or a checkout (dir[@git-ref]); and the
// named list `--builds base=<spec>,head=<spec>`. Parsing looks at the file system (a path is a binary or a
// checkout only if it exists) but runs nothing; refusals are one line naming the flag and what was expected.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors/input-error.js';

/** The oldest minor ksb measures (WatchList and streaming encoding are beta from 1.33; src/targets/versions.ts). */
export const OLDEST_SUPPORTED_MINOR = 33;

export type BuildKind = 'release' | 'binary' | 'checkout';

export type BuildSpec =
  /** a release built from the Go module proxy, `version` like 1.33.13 */
  | { kind: 'release'; text: string; version: string }
  /** a kube-apiserver binary; `path` absolute */
  | { kind: 'binary'; text: string; path: string }
  /** a Kubernetes checkout; `dir` absolute; without `ref`, its work tree as it is, uncommitted changes included */
  | { kind: 'checkout'; text: string; dir: string; ref?: string };

export interface NamedBuildSpec {
  name: string;
  spec: BuildSpec;
}

const EXPECTED = 'a release like 1.33.13, a kube-apiserver binary, or a Kubernetes checkout dir[@git-ref]';

function kindOf(path: string): 'file' | 'dir' | undefined {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

/** `where` names the flag or field in messages: `--builds head`, `--kube-source`, `ksb build <spec>`. */
export function parseBuildSpec(text: string, where: string): BuildSpec {
  const t = text.trim();
  if (!t) throw new InputError(`${where}: expected ${EXPECTED}, got nothing`);
  const release = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(t);
  if (release && kindOf(t) === undefined) {
    const minor = Number(release[2]);
    if (release[1] !== '1' || minor < OLDEST_SUPPORTED_MINOR)
      throw new InputError(
        `${where}: release ${t} is older than 1.${OLDEST_SUPPORTED_MINOR}, the oldest ksb supports (WatchList and streaming encoding are beta from 1.${OLDEST_SUPPORTED_MINOR})`,
      );
    return { kind: 'release', text: t, version: `1.${minor}.${release[3]}` };
  }
  const whole = kindOf(t);
  if (whole === 'file') return { kind: 'binary', text: t, path: resolve(t) };
  if (whole === 'dir') return { kind: 'checkout', text: t, dir: resolve(t) };
  const at = t.lastIndexOf('@');
  if (at > 0) {
    const dir = t.slice(0, at);
    const ref = t.slice(at + 1);
    if (kindOf(dir) === 'dir') {
      if (!/^[^\s:?*[\\]+$/.test(ref))
        throw new InputError(`${where}: expected a git ref (branch, tag, commit, HEAD~2) after "@" in "${t}", got "${ref}"`);
      return { kind: 'checkout', text: t, dir: resolve(dir), ref };
    }
  }
  throw new InputError(`${where}: expected ${EXPECTED}; "${t}" is none of these (no such file or directory)`);
}

/** `base=<spec>,head=<spec>`: at least two builds, names of [a-z0-9-], each once. */
export function parseBuildList(text: string, flag = '--builds'): NamedBuildSpec[] {
  const items = text.split(',').map((s) => s.trim());
  const out: NamedBuildSpec[] = [];
  for (const item of items) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? '' : item.slice(0, eq);
    if (eq < 0 || !/^[a-z0-9-]+$/.test(name))
      throw new InputError(
        `${flag}: expected name=<spec> pairs like base=1.33.13,head=~/kubernetes@HEAD (names of a-z, 0-9, -), got "${item}"`,
      );
    if (out.some((b) => b.name === name)) throw new InputError(`${flag}: the name "${name}" is given twice; each build needs its own name`);
    out.push({ name, spec: parseBuildSpec(item.slice(eq + 1), `${flag} ${name}`) });
  }
  if (out.length < 2) throw new InputError(`${flag}: expected at least two builds to compare, like base=<spec>,head=<spec>; got "${text}"`);
  return out;
}
