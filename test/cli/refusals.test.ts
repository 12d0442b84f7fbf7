// Every refusal of the CLI, commander's own included, is bad input: exit 2 and one line `ksb: …` naming the flag,
// argument or parameter and what was expected. The built `ksb` runs with no ksb-runner and no Go to build one, so a
// refusal that came only after the engine was looked for would show here as a different message (and exit 1).
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKsb } from '../helpers/cli.js';

const REFUSALS: Array<[args: string[], line: RegExp]> = [
  // the examples README.md and issue 33 give
  [['run', 'informer-storm', '--set', 'informers=-3'], /^ksb: informers: expected an integer >= 1, got "-3"$/],
  [['run', 'informer-storm', '--bogus'], /^ksb: unknown option '--bogus'$/],
  [
    ['run', 'informer-storm', '--target', 'nope'],
    /^ksb: --target: unknown target "nope" \(expected one of: mock, local, kind, kubeconfig\)$/,
  ],
  [
    ['compare', '/nonexistent/a', '/nonexistent/b'],
    /^ksb: \/nonexistent\/a: no such directory \(expected a run directory or a directory of runs\)$/,
  ],
  [['run', 'no-such-workload'], /^ksb: workload "no-such-workload": not a built-in \(informer-storm, .*\) and not a \.ts\/\.js file$/],
  // commander's own
  [['frobnicate'], /^ksb: unknown command 'frobnicate'$/],
  [['--bogus'], /^ksb: unknown option '--bogus'$/],
  [['run'], /^ksb: missing required argument 'workload'$/],
  [['run', 'informer-storm', 'extra'], /^ksb: too many arguments for 'run'\. Expected 1 argument but got 2\.$/],
  [['run', 'informer-storm', '--reps'], /^ksb: option '--reps <n\|auto>' argument missing$/],
  [
    ['run', 'informer-storm', '--reps', '0'],
    /^ksb: option '--reps <n\|auto>' argument '0' is invalid\. expected a positive integer or "auto", got "0"$/,
  ],
  [['report', '/nonexistent/run'], /^ksb: required option '--out <dir>' not specified$/],
  [['history', 'add', '/nonexistent/run'], /^ksb: required option '--db <path>' not specified$/],
  [['export', 'nothing'], /^ksb: unknown command 'nothing'$/],
  // ksb's own checks
  [
    ['run', 'informer-storm', '--set', 'informerz=3'],
    /^ksb: --set informerz: informer-storm has no parameter "informerz" \(it has: informers, /,
  ],
  [['run', 'informer-storm', '--set', 'informers'], /^ksb: --set "informers": expected key=value$/],
  [
    ['run', 'informer-storm', '--variant', 'fast'],
    /^ksb: --variant: unknown variant "fast" \(expected legacy, streaming, both, or a comma list\)$/,
  ],
  [['run', 'informer-storm', '--engine', 'k7'], /^ksb: --engine: expected runner or k6, got "k7"$/],
  [
    ['run', 'informer-storm', '--target', 'local', '--kube-version', '1.x'],
    /^ksb: --kube-version: expected a release like 1\.33\.13, got "1\.x"$/,
  ],
  [['run', 'informer-storm', '--emulated-version', '1.33'], /^ksb: --emulated-version applies to the local and kind targets/],
  [
    ['report', '/nonexistent/run', '--out', '/tmp/x'],
    /^ksb: \/nonexistent\/run: no such directory \(expected a comparison directory, a run directory or a directory of runs\)$/,
  ],
  [
    ['history', 'add', '/nonexistent/run', '--db', '/tmp/x.csv'],
    /^ksb: \/nonexistent\/run: no such directory \(expected a run directory\)$/,
  ],
  [['export', 'results', '/nonexistent/run', '--format', 'bmf'], /^ksb: \/nonexistent\/run: no such directory /],
  [['mock', '--token-file', '/nonexistent/tokens.csv'], /^ksb: cannot read --token-file \/nonexistent\/tokens\.csv: ENOENT/],
  [['capacity', 'informer-storm', '--param', 'informers'], /^ksb: give at least one --limit or --slo/],
  [
    ['capacity', 'informer-storm', '--param', 'informers', '--limit', 'errors<=0', '--start', '9', '--max', '3'],
    /^ksb: --start 9 is above --max 3$/,
  ],
  [
    ['capacity', 'informer-storm', '--param', 'objectSize', '--limit', 'errors<=0'],
    /^ksb: --param objectSize: the search raises an integer parameter; objectSize is bytes$/,
  ],
];

for (const [args, line] of REFUSALS) {
  test(`ksb ${args.join(' ')} exits 2 with one line`, async (t) => {
    const cache = await mkdtemp(join(tmpdir(), 'ksb-refusal-'));
    t.teardown(() => rm(cache, { recursive: true, force: true }));
    const r = await runKsb(args, { env: { PATH: '/usr/bin:/bin', KSB_CACHE_DIR: cache, KSB_RUNNER: '', KSB_K6: '' } });
    t.is(r.code, 2, r.stderr);
    t.regex(r.stderr.trimEnd(), line);
    t.is(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    t.is(r.stdout, '');
  });
}

test('help and version are not refusals: exit 0 on stdout', async (t) => {
  for (const args of [['--help'], ['run', '--help'], ['--version'], ['help', 'compare']]) {
    const r = await runKsb(args);
    t.is(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    t.not(r.stdout, '');
  }
});
