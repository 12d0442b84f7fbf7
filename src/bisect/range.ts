// What a bisect searches: the commits of a Kubernetes checkout from --good to --bad (first-parent order, oldest
// first, read from the checkout without changing it), or the releases the Go module proxy serves in a range
// (--kube-versions 1.34.0..1.34.10); each with the build spec that builds it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { git } from '../builds/git.js';
import { checkoutRoot } from '../builds/checkout-source.js';
import { OLDEST_SUPPORTED_MINOR, type BuildSpec } from '../builds/spec.js';
import { InputError } from '../errors/input-error.js';

export interface Candidate {
  /** a commit hash, or a release like 1.34.3 */
  id: string;
  subject: string;
}

export interface BisectRange {
  /** the checkout, or "k8s.io/kubernetes releases" */
  source: string;
  good: Candidate;
  /** after good up to bad, oldest first; the last is bad */
  candidates: Candidate[];
  specOf(id: string): BuildSpec;
}

async function commitOf(root: string, ref: string, flag: string): Promise<string> {
  const c = await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => '');
  if (!c) throw new InputError(`${flag}: "${ref}" names no commit in ${root}`);
  return c;
}

export async function checkoutRange(dir: string, goodRef: string, badRef: string): Promise<BisectRange> {
  const root = await checkoutRoot(dir, '--kube-source');
  const [good, bad] = await Promise.all([commitOf(root, goodRef, '--good'), commitOf(root, badRef, '--bad')]);
  const ancestor = await git(root, ['merge-base', '--is-ancestor', good, bad]).then(
    () => true,
    () => false,
  );
  if (!ancestor || good === bad) throw new InputError(`--good ${goodRef}: expected a commit before --bad ${badRef} on its history`);
  const log = await git(root, ['log', '--first-parent', '--reverse', '--format=%H %s', `${good}..${bad}`]);
  const candidates = log.split('\n').map((l) => ({ id: l.slice(0, 40), subject: l.slice(41) }));
  const goodSubject = await git(root, ['log', '-1', '--format=%s', good]);
  return {
    source: root,
    good: { id: good, subject: goodSubject },
    candidates,
    specOf: (id) => ({ kind: 'checkout', text: `${root}@${id.slice(0, 12)}`, dir: root, ref: id }),
  };
}

const semver = (v: string) => v.split('.').map(Number) as [number, number, number];
const before = (a: string, b: string) => {
  const [x, y] = [semver(a), semver(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

/** The releases k8s.io/kubernetes has on the module proxy (`go list -m -versions`), x.y.z only. */
async function servedReleases(): Promise<string[]> {
  const { stdout } = await promisify(execFile)('go', ['list', '-m', '-versions', 'k8s.io/kubernetes'], {
    env: { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
    timeout: 120_000,
  }).catch((e: Error) => {
    throw new Error(`go list -m -versions k8s.io/kubernetes failed (bisecting releases needs Go and the module proxy): ${e.message}`);
  });
  return stdout
    .trim()
    .split(/\s+/)
    .slice(1)
    .filter((v) => /^v\d+\.\d+\.\d+$/.test(v))
    .map((v) => v.slice(1));
}

/** "1.34.0..1.34.10" -> the served releases in that range; the first is good, the last bad. */
export async function versionRange(text: string, served: () => Promise<string[]> = servedReleases): Promise<BisectRange> {
  const m = /^v?(1\.(\d+)\.\d+)\.\.v?(1\.(\d+)\.\d+)$/.exec(text.trim());
  if (!m) throw new InputError(`--kube-versions: expected a range of releases like 1.34.0..1.34.10, got "${text}"`);
  const [, good, goodMinor, bad] = m as unknown as [string, string, string, string];
  if (Number(goodMinor) < OLDEST_SUPPORTED_MINOR)
    throw new InputError(`--kube-versions ${text}: ${good} is older than 1.${OLDEST_SUPPORTED_MINOR}, the oldest release ksb supports`);
  if (before(good, bad) >= 0) throw new InputError(`--kube-versions ${text}: expected the good release before the bad one`);
  const all = (await served()).sort(before);
  for (const v of [good, bad])
    if (!all.includes(v)) throw new InputError(`--kube-versions ${text}: the Go module proxy does not serve k8s.io/kubernetes v${v}`);
  const inRange = all.filter((v) => before(v, good) > 0 && before(v, bad) <= 0);
  return {
    source: 'k8s.io/kubernetes releases (Go module proxy)',
    good: { id: good, subject: `Kubernetes ${good}` },
    candidates: inRange.map((v) => ({ id: v, subject: `Kubernetes ${v}` })),
    specOf: (id) => ({ kind: 'release', text: id, version: id }),
  };
}
