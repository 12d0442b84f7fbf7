// A kube-apiserver binary checked and identified: what it reports (`--version`), its sha256 and the Go version it
// was built with (read from the binary). Refusals name the flag: no such file, not executable, not a
// kube-apiserver, older than the oldest release ksb supports.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { InputError } from '../errors/input-error.js';
import { MagicFinder, readBuildInfoAt } from './buildinfo.js';
import { OLDEST_SUPPORTED_MINOR, type BuildKind } from './spec.js';

const run = promisify(execFile);

/** Who a build is, as run.json records it per build. */
export interface BuildIdentity {
  /** the spec as given: 1.33.13, ./kube-apiserver, ~/kubernetes@HEAD~3 */
  spec: string;
  kind: BuildKind;
  /** what `kube-apiserver --version` prints after "Kubernetes ": v1.33.13, v1.33.13-2+f9ed250…, v0.0.0-master+$Format:%H$ */
  version: string;
  /** the release the version belongs to (1.33.13 for v1.33.13-2+f9ed250…-dirty), which the gates and emulation follow */
  release?: string;
  /**
   * true for a binary that does not know its release (a plain `go build` prints v0.0.0-master+$Format:%H$): the
   * release must be read from the running server (`/version`'s emulation fields)
   */
  releaseFromServer: boolean;
  gitCommit?: string;
  treeState?: 'clean' | 'dirty';
  sha256: string;
  /** the Go version it was built with (go1.24.4), absent when the binary carries no Go build info */
  goVersion?: string;
}

export interface ResolvedBuild {
  /** the kube-apiserver binary to run (absolute) */
  path: string;
  identity: BuildIdentity;
}

/** What the caller already knows about a binary (a checkout build knows its commit and tree state). */
export interface KnownOrigin {
  spec: string;
  kind: BuildKind;
  gitCommit?: string;
  treeState?: 'clean' | 'dirty';
}

/** Reads the file once: its sha256, and where its Go build info starts. */
async function hashAndFindBuildInfo(path: string): Promise<{ sha256: string; buildInfoAt?: number }> {
  const hash = createHash('sha256');
  const finder = new MagicFinder();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    finder.push(chunk);
  }
  return { sha256: hash.digest('hex'), buildInfoAt: finder.offset };
}

/** "v1.33.13-2+f9ed250…" -> 1.33.13; undefined for v0.0.0 (a build that was not stamped). */
export function releaseOf(version: string): { release: string; minor: number } | undefined {
  const m = /^v(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m || (m[1] === '0' && m[2] === '0' && m[3] === '0')) return undefined;
  return { release: `${m[1]}.${m[2]}.${m[3]}`, minor: m[1] === '1' ? Number(m[2]) : Infinity };
}

async function reportedVersion(path: string, refuse: (why: string) => InputError): Promise<string> {
  let out: string;
  try {
    const r = await run(path, ['--version'], { timeout: 30_000 });
    out = `${r.stdout}${r.stderr}`;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    out = `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message;
  }
  const m = /^Kubernetes (v\S+)/m.exec(out);
  if (!m) {
    const first = out.trim().split('\n')[0]?.slice(0, 120) ?? '';
    throw refuse(`not a kube-apiserver: \`${path} --version\` printed "${first}", expected "Kubernetes v…"`);
  }
  return m[1]!;
}

/** Checks and identifies a kube-apiserver binary; `where` names the flag in refusals (`--kube-apiserver`). */
export async function inspectBinary(path: string, where: string, origin: KnownOrigin): Promise<ResolvedBuild> {
  const refuse = (why: string) => new InputError(`${where} ${path}: ${why}`);
  const st = await stat(path).catch(() => undefined);
  if (!st) throw refuse('no such file');
  if (!st.isFile()) throw refuse('not a file; expected a kube-apiserver binary');
  if (
    !(await access(path, constants.X_OK).then(
      () => true,
      () => false,
    ))
  )
    throw refuse('not executable (chmod +x it)');
  const version = await reportedVersion(path, refuse);
  const release = releaseOf(version);
  if (release && release.minor < OLDEST_SUPPORTED_MINOR)
    throw refuse(`kube-apiserver ${version} is older than 1.${OLDEST_SUPPORTED_MINOR}, the oldest release ksb supports`);
  const { sha256, buildInfoAt } = await hashAndFindBuildInfo(path);
  const info = buildInfoAt === undefined ? undefined : await readBuildInfoAt(path, buildInfoAt);
  // A plain `go build` in a git checkout records the commit (buildvcs); a checkout build of ksb's knows it already.
  const modified = info?.settings['vcs.modified'];
  const identity: BuildIdentity = {
    spec: origin.spec,
    kind: origin.kind,
    version,
    release: release?.release,
    releaseFromServer: release === undefined,
    gitCommit: origin.gitCommit ?? info?.settings['vcs.revision'],
    treeState: origin.treeState ?? (modified === undefined ? undefined : modified === 'true' ? 'dirty' : 'clean'),
    sha256,
    goVersion: info?.goVersion,
  };
  return { path, identity };
}
