// ksb bisect on a real Kubernetes checkout (test/helpers/kube-fixture.ts): it names the commit that regressed
// streaming collection encoding, a --builds run of the commit before it against it calls it regressed, and the
// checkout is left as it was. Each commit's kube-apiserver is built once into the tool cache (a cold Kubernetes build
// is ~10 min on 2 cores, later commits incremental with Go's build cache); without those builds cached the test is
// a reported skip unless KSB_E2E_BUILD_FIXTURE=1 lets it make the fixture and build them (about 30-45 min cold).
import test from 'ava';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runKsb } from '../helpers/cli.js';
import { fixtureDir, fixturePlan, GOOD_REF, makeFixture } from '../helpers/kube-fixture.js';
import { tempDir } from '../helpers/tmp.js';

const exec = promisify(execFile);
const BUILD = process.env.KSB_E2E_BUILD_FIXTURE === '1';
// Small: 300 ConfigMaps of 100 KiB listed twice by 4 clients at once; a step is 2 × 3 repetitions of ~20 s. The
// regression buffers each LIST's whole response: peak RSS 1.76× [1.63, 1.89] (473 → 832 MiB) measured here.
const SETS = ['--set', 'objects=300', '--set', 'objectSize=100KiB', '--set', 'clients=4', '--set', 'repeats=2'];
const METRIC = 'apiserver_rss_peak_bytes';
// Well below the regression's 1.7-1.9× and above what load on a shared machine does to a side (a comment-only commit
// measured 1.067× [1.001, 1.138] against good at load 13: inconclusive at 10%, so skipped, and the answer ambiguous).
const THRESHOLD = '20%';

const plan = await fixturePlan();
const why =
  plan === undefined
    ? `the Kubernetes fixture is not made (${fixtureDir()}); KSB_E2E_BUILD_FIXTURE=1 makes it and builds its commits`
    : plan.missing.length
      ? `${plan.missing.length} of the fixture's ${plan.builds.length} kube-apiserver builds are not cached; KSB_E2E_BUILD_FIXTURE=1 builds them (~30-45 min cold)`
      : undefined;
const skipped = why !== undefined && !BUILD;
const run = skipped ? test.skip : test.serial;
const because = skipped ? ` (skipped: ${why})` : '';
if (skipped) console.log(`bisect-local: skipped: ${why}`);

/** What of the user's checkout must not change: index, status (tracked, untracked, ignored), refs, stash, HEAD. */
async function snapshot(dir: string) {
  const git = async (...args: string[]) =>
    (await exec('git', ['-C', dir, ...args], { env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, maxBuffer: 64 << 20 })).stdout;
  return {
    index: createHash('sha256')
      .update(await readFile(join(dir, '.git', 'index')))
      .digest('hex'),
    status: await git('status', '--porcelain', '--untracked-files=all', '--ignored'),
    head: await git('rev-parse', 'HEAD'),
    symbolicHead: await git('symbolic-ref', '-q', 'HEAD').catch(() => 'detached'),
    refs: await git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags'),
    stash: await git('stash', 'list'),
  };
}

run(`ksb bisect names the regression commit of the fixture, and leaves the checkout as it was${because}`, async (t) => {
  t.timeout(90 * 60_000);
  const regression = await makeFixture();
  const before = await snapshot(fixtureDir());
  const out = await tempDir(t, 'ksb-bisect-e2e-');
  const r = await runKsb(
    [
      'bisect',
      'large-list',
      '--kube-source',
      fixtureDir(),
      '--good',
      GOOD_REF,
      '--bad',
      'HEAD',
      '--metric',
      METRIC,
      '--threshold',
      THRESHOLD,
      '--reps',
      '3',
      ...SETS,
      '--out',
      out,
    ],
    { timeoutMs: 85 * 60_000 },
  );
  t.is(r.code, 0, r.stderr.split('\n').slice(-40).join('\n'));
  const subject = (await exec('git', ['-C', fixtureDir(), 'log', '-1', '--format=%s', regression])).stdout.trim();
  t.true(r.stdout.includes(`first bad commit: ${regression} ${subject}`), r.stdout);
  const json = JSON.parse(await readFile(join(out, 'bisect.json'), 'utf8')) as {
    first_bad_commit: string;
    steps: Array<{ commit: string; verdict: string }>;
  };
  t.is(json.first_bad_commit, regression);
  t.is(json.steps.find((s) => s.commit === regression)?.verdict, 'regressed');
  t.true(existsSync(join(out, 'bisect.md')));
  t.regex(r.stderr, /\[bisect\] step 1: /);
  t.deepEqual(await snapshot(fixtureDir()), before, "the user's checkout is untouched");
});

run(`a --builds run of the commit before the regression against it calls it regressed${because}`, async (t) => {
  t.timeout(60 * 60_000);
  const { before, regression } = (await fixturePlan())!;
  const out = await tempDir(t, 'ksb-builds-e2e-');
  const builds = `base=${fixtureDir()}@${before},head=${fixtureDir()}@${regression}`;
  const r = await runKsb(
    ['run', 'large-list', '--target', 'local', '--builds', builds, '--variant', 'streaming', '--reps', '3', ...SETS, '--out', out],
    {
      timeoutMs: 55 * 60_000,
    },
  );
  t.is(r.code, 0, r.stderr.split('\n').slice(-40).join('\n'));
  t.regex(r.stdout, /head\.streaming vs base\.streaming, n = 3 repetitions a side:/);
  t.regex(r.stdout, new RegExp(`^${METRIC} .* regressed`, 'm'));
  const dir = /^results: (\S+)/m.exec(r.stdout)![1]!;
  const manifest = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as {
    builds: Record<string, { gitCommit: string; sha256: string; version: string }>;
  };
  t.is(manifest.builds.base!.gitCommit, before);
  t.is(manifest.builds.head!.gitCommit, regression);
  t.regex(manifest.builds.head!.version, /^v1\.33\.13-5\+/);
  const gate = await runKsb(['compare', dir, '--gate', METRIC, '--fail-on-regression', '--out', out]);
  t.is(gate.code, 1, gate.stdout);
  t.regex(gate.stderr, new RegExp(`gated metrics regressed: head\\.streaming: ${METRIC}`));
});
