// The version a checkout build stamps, as hack/lib/version.sh computes it, from scripts/lib.sh's one copy (which
// the release builds' ldflags use too).
import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { scriptPath } from '../../src/tools/cache.js';

const exec = promisify(execFile);

async function lib(fn: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('bash', ['-c', `. "${scriptPath('lib.sh')}" && ${fn} "$@"`, 'lib', ...args]);
  return stdout.trim();
}

test('git describe to the version Kubernetes stamps: +<commit> after the distance, .<n> after a pre-release, -dirty', async (t) => {
  const cases: Array<[string, 'clean' | 'dirty', string]> = [
    ['v1.33.13', 'clean', 'v1.33.13'],
    ['v1.33.13', 'dirty', 'v1.33.13-dirty'],
    ['v1.33.13-2-gf9ed250abcdef0', 'clean', 'v1.33.13-2+f9ed250abcdef0'],
    ['v1.33.13-2-gf9ed250abcdef0', 'dirty', 'v1.33.13-2+f9ed250abcdef0-dirty'],
    ['v1.34.0-alpha.1-5-gabcdefabcdef12', 'clean', 'v1.34.0-alpha.1.5+abcdefabcdef12'],
    ['v1.34.0-rc.0', 'clean', 'v1.34.0-rc.0'],
  ];
  for (const [describe, state, version] of cases) t.is(await lib('ksb_kube_git_version', describe, state), version, `${describe} ${state}`);
});

function flags(ldflags: string): Map<string, string> {
  return new Map([...ldflags.matchAll(/-X (\S+)=(\S*)/g)].map((m) => [m[1]!, m[2]!]));
}

test('ldflags: the same -X flags on component-base and client-go; gitMinor gets a + when the version has a suffix', async (t) => {
  const f = flags(
    await lib('ksb_version_ldflags', 'v1.33.13-2+f9ed250abcdef0-dirty', 'f9ed250abcdef0123', 'dirty', '2026-01-01T00:00:00Z'),
  );
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    t.is(f.get(`${pkg}.gitVersion`), 'v1.33.13-2+f9ed250abcdef0-dirty');
    t.is(f.get(`${pkg}.gitMajor`), '1');
    t.is(f.get(`${pkg}.gitMinor`), '33+');
    t.is(f.get(`${pkg}.gitCommit`), 'f9ed250abcdef0123');
    t.is(f.get(`${pkg}.gitTreeState`), 'dirty');
    t.is(f.get(`${pkg}.buildDate`), '2026-01-01T00:00:00Z');
  }
  t.is(f.size, 12);
  const release = flags(await lib('ksb_version_ldflags', 'v1.33.13', '', 'clean', '1970-01-01T00:00:00Z'));
  t.is(release.get('k8s.io/component-base/version.gitMinor'), '33');
  t.false(release.has('k8s.io/component-base/version.gitCommit'), 'no commit: left unset');
  // No tag to describe from: nothing about the version is stamped, as in Kubernetes' build.
  const untagged = flags(await lib('ksb_version_ldflags', '', 'abc', 'clean', 'X'));
  t.false(untagged.has('k8s.io/component-base/version.gitVersion'));
  t.false(untagged.has('k8s.io/component-base/version.gitMajor'));
  t.is(untagged.get('k8s.io/client-go/pkg/version.gitCommit'), 'abc');
});
