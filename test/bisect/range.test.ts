// What a bisect searches: a checkout's first-parent commits from --good to --bad (read without changing it), or the
// releases the module proxy serves in --kube-versions' range; each with its build spec; and the refusals (exit 2).
// Also the release a plain `go build` runs as, read from the probe start's /version.
import test from 'ava';
import { checkoutRange, versionRange } from '../../src/bisect/range.js';
import { servedRelease } from '../../src/targets/local/probe.js';
import { gitIn, makeFakeCheckout } from '../helpers/fake-checkout.js';
import { tempDir } from '../helpers/tmp.js';
import { runKsb } from '../helpers/cli.js';
import { join } from 'node:path';

test('a checkout range: the commits after good up to bad, oldest first, with subjects and checkout specs', async (t) => {
  const dir = await tempDir(t, 'ksb-range-');
  const commits = await makeFakeCheckout(dir, 4);
  const r = await checkoutRange(dir, 'v1.33.13', 'HEAD');
  t.is(r.good.id, commits[0]!);
  t.deepEqual(
    r.candidates.map((c) => c.id),
    commits.slice(1),
  );
  t.is(r.candidates[0]!.subject, 'note 1');
  t.deepEqual(r.specOf(commits[2]!), { kind: 'checkout', text: `${r.source}@${commits[2]!.slice(0, 12)}`, dir: r.source, ref: commits[2] });
  const status = await gitIn(dir, 'status', '--porcelain');
  t.is(status, '', 'reading the range leaves the checkout as it was');
  await t.throwsAsync(checkoutRange(dir, 'HEAD', 'v1.33.13'), { message: /^--good HEAD: expected a commit before --bad v1\.33\.13/ });
  await t.throwsAsync(checkoutRange(dir, 'nope', 'HEAD'), { message: /^--good: "nope" names no commit in / });
  await t.throwsAsync(checkoutRange(dir, 'HEAD', 'HEAD'), { message: /^--good HEAD: expected a commit before --bad HEAD/ });
});

test('a release range: the served releases after good up to bad, in version order', async (t) => {
  const served = () => Promise.resolve(['1.34.10', '1.34.0', '1.34.2', '1.34.1', '1.35.0', '1.34.11']);
  const r = await versionRange('1.34.0..1.34.10', served);
  t.is(r.good.id, '1.34.0');
  t.deepEqual(
    r.candidates.map((c) => c.id),
    ['1.34.1', '1.34.2', '1.34.10'],
  );
  t.deepEqual(r.specOf('1.34.2'), { kind: 'release', text: '1.34.2', version: '1.34.2' });
  await t.throwsAsync(versionRange('1.34', served), {
    message: /^--kube-versions: expected a range of releases like 1\.34\.0\.\.1\.34\.10/,
  });
  await t.throwsAsync(versionRange('1.34.10..1.34.0', served), { message: /expected the good release before the bad one/ });
  await t.throwsAsync(versionRange('1.32.0..1.34.0', served), { message: /1\.32\.0 is older than 1\.33/ });
  await t.throwsAsync(versionRange('1.34.0..1.34.9', served), { message: /does not serve k8s\.io\/kubernetes v1\.34\.9/ });
});

test("a plain go build's release comes from /version's emulation fields", (t) => {
  t.deepEqual(servedRelease({ gitVersion: 'v0.0.0-master+$Format:%H$', emulationMajor: '1', emulationMinor: '34' }), {
    major: 1,
    minor: 34,
  });
  t.regex(servedRelease({ gitVersion: 'v0.0.0-master+$Format:%H$' }) as string, /no emulationMajor\/emulationMinor/);
});

test('ksb bisect refuses bad input with exit 2 and one line naming the flag', async (t) => {
  const dir = await tempDir(t, 'ksb-bisect-cli-');
  await makeFakeCheckout(dir, 2);
  const cases: Array<[string[], RegExp]> = [
    [[], /^ksb: --kube-source: expected a Kubernetes checkout to bisect \(or --kube-versions a\.\.b\)$/],
    [['--kube-source', dir, '--bad', 'HEAD'], /^ksb: --good: expected a git ref$/],
    [['--kube-source', dir, '--good', 'v1.33.13'], /^ksb: --bad: expected a git ref$/],
    [['--kube-source', '/tmp', '--good', 'a', '--bad', 'b'], /^ksb: --kube-source \/tmp: expected a Kubernetes checkout/],
    [['--kube-source', dir, '--good', 'HEAD', '--bad', 'v1.33.13'], /^ksb: --good HEAD: expected a commit before --bad v1\.33\.13/],
    [['--kube-versions', '1.34.0..1.34.10', '--good', 'x'], /^ksb: --kube-versions: bisects releases; drop --good$/],
    [['--kube-versions', '1.34'], /^ksb: --kube-versions: expected a range of releases like 1\.34\.0\.\.1\.34\.10, got "1\.34"$/],
    [
      ['--kube-source', dir, '--good', 'v1.33.13', '--bad', 'HEAD', '--variant', 'both'],
      /^ksb: --variant: expected legacy or streaming, got "both"$/,
    ],
    [
      ['--kube-source', dir, '--good', 'v1.33.13', '--bad', 'HEAD', '--metric', 'rss'],
      /^ksb: option '--metric <metric>' argument 'rss' is invalid\. unknown metric/,
    ],
  ];
  for (const [args, line] of cases) {
    const r = await runKsb(['bisect', 'large-list', '--out', join(dir, 'out'), ...args]);
    t.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    t.regex(r.stderr.trim(), line, args.join(' '));
  }
});
