// --kube-apiserver, --etcd, --kube-source and --builds: parsed into the run's cells (variant × content type × build,
// base and head next to each other), and every refusal exit 2 naming the flag, before a target or engine is looked
// for; a --builds run's comparison (head against base), its gate, and the benchstat table.
import test from 'ava';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFlagsOf, runCells } from '../../src/cli/build-flags.js';
import { pairsFor } from '../../src/compare/comparison.js';
import { loadRun } from '../../src/results/load-run.js';
import { abPairs, buildPairs, crossBuilds, variantNamed } from '../../src/variants/variants.js';
import { runKsb } from '../helpers/cli.js';
import { fakeRun } from '../helpers/fake-run.js';

test('cells: builds interleave within each repetition, next to each other per variant and encoding', (t) => {
  const flags = buildFlagsOf({ target: 'local', builds: 'base=1.33.13,head=1.34.10' });
  t.deepEqual(runCells({ variant: 'both', reps: 3 }, flags), ['base.legacy', 'head.legacy', 'base.streaming', 'head.streaming']);
  t.deepEqual(runCells({ variant: 'streaming', contentTypes: 'json,cbor', reps: 2 }, flags), [
    'base.streaming@json',
    'head.streaming@json',
    'base.streaming@cbor',
    'head.streaming@cbor',
  ]);
  t.deepEqual(runCells({ variant: 'both', reps: 1 }, buildFlagsOf({ target: 'local' })), ['legacy', 'streaming']);
  t.throws(() => runCells({ variant: 'both', reps: 'auto' }, flags), { message: /^--reps auto with --builds/ });
});

test('a build cell is its variant with the build named; pairs are head against base per variant', (t) => {
  const v = variantNamed('head.streaming@cbor')!;
  t.is(v.build, 'head');
  t.is(v.contentType, 'cbor');
  t.is(v.clientMode, 'watchlist');
  t.deepEqual(v.gates, { WatchList: true, CBORServingAndStorage: true });
  t.is(variantNamed('head.fast'), undefined);
  t.is(variantNamed('Head.streaming'), undefined);
  const cells = crossBuilds(['legacy', 'streaming'], ['base', 'head', 'next']);
  t.deepEqual(buildPairs(cells), [
    ['base.legacy', 'head.legacy'],
    ['base.legacy', 'next.legacy'],
    ['base.streaming', 'head.streaming'],
    ['base.streaming', 'next.streaming'],
  ]);
  t.deepEqual(abPairs(crossBuilds(['legacy', 'streaming'], ['base', 'head'])), [
    ['base.legacy', 'base.streaming'],
    ['head.legacy', 'head.streaming'],
  ]);
  t.deepEqual(buildPairs(['legacy', 'streaming']), []);
});

test('refusals name the flag and exit 2, before a target or engine is looked for', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-builds-'));
  const notApiserver = join(dir, 'fake-apiserver');
  await writeFile(notApiserver, '#!/bin/sh\necho "hello"\n');
  await chmod(notApiserver, 0o755);
  const notExecutable = join(dir, 'plain');
  await writeFile(notExecutable, 'x');
  const old = join(dir, 'old-apiserver');
  await writeFile(old, '#!/bin/sh\necho "Kubernetes v1.32.4"\n');
  await chmod(old, 0o755);
  const cases: Array<[string[], RegExp]> = [
    [['--kube-apiserver', notApiserver], /^ksb: --kube-apiserver: needs --target local/],
    [['--builds', 'base=1.33.13,head=1.34.10', '--target', 'kubeconfig'], /^ksb: --builds: needs --target local/],
    [['--kube-source', dir], /^ksb: --kube-source: needs --target local/],
    [['--target', 'local', '--kube-apiserver', join(dir, 'nope')], /^ksb: --kube-apiserver .*nope: no such file$/],
    [['--target', 'local', '--kube-apiserver', notExecutable], /^ksb: --kube-apiserver .*plain: not executable/],
    [
      ['--target', 'local', '--kube-apiserver', notApiserver],
      /^ksb: --kube-apiserver .*: not a kube-apiserver: .* printed "hello", expected "Kubernetes v…"$/,
    ],
    [['--target', 'local', '--kube-apiserver', old], /^ksb: --kube-apiserver .*: kube-apiserver v1\.32\.4 is older than 1\.33/],
    [['--target', 'local', '--kube-source', dir], /^ksb: --kube-source .*: expected a Kubernetes checkout/],
    [
      ['--target', 'local', '--kube-source', '1.33.13'],
      /^ksb: --kube-source: expected a Kubernetes checkout dir\[@git-ref\], got "1\.33\.13" \(a release\)$/,
    ],
    [['--target', 'local', '--etcd', notApiserver], /^ksb: --etcd: applies with --kube-apiserver, --kube-source or --builds$/],
    [['--target', 'local', '--kube-apiserver', old, '--kube-source', dir], /^ksb: --kube-apiserver and --kube-source: give one of them/],
    [
      ['--target', 'local', '--kube-apiserver', old, '--kube-version', '1.33.13'],
      /^ksb: --kube-apiserver and --kube-version: .*drop --kube-version$/,
    ],
    [['--target', 'local', '--builds', 'base=1.33.13'], /^ksb: --builds: expected at least two builds/],
    [['--target', 'local', '--builds', 'base=1.33.13,base=1.34.10'], /^ksb: --builds: the name "base" is given twice/],
    [['--target', 'local', '--builds', 'base=1.30.2,head=1.33.13'], /^ksb: --builds base: release 1\.30\.2 is older than 1\.33/],
    [
      ['--target', 'local', '--builds', `base=1.33.13,head=${join(dir, 'nope')}`],
      /^ksb: --builds head: expected a release .*no such file or directory/,
    ],
    [['--target', 'local', '--builds', 'base=1.33.13,head=1.34.10', '--reps', 'auto'], /^ksb: --reps auto with --builds/],
  ];
  for (const [args, line] of cases) {
    const r = await runKsb(['run', 'large-list', '--out', dir, ...args]);
    t.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    t.regex(r.stderr.trim(), line, args.join(' '));
    t.is(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  }
});

test('ksb compare of a --builds run: head against base per variant; --fail-on-regression; --format benchstat', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'ksb-builds-cmp-'));
  const dir = await fakeRun(root, 'builds-run', {
    'base.legacy': { peaksMiB: [1000, 1010, 990] },
    'head.legacy': { peaksMiB: [1001, 1009, 991] },
    'base.streaming': { peaksMiB: [200, 204, 196] },
    'head.streaming': { peaksMiB: [400, 408, 392] },
  });
  const pairs = pairsFor([await loadRun(dir)], {});
  t.deepEqual(
    pairs.map((p) => `${p.baselineVariant} → ${p.candidateVariant}`),
    ['base.legacy → head.legacy', 'base.streaming → head.streaming'],
  );
  const gated = await runKsb(['compare', dir, '--out', root, '--fail-on-regression', '--gate', 'apiserver_rss_peak_bytes']);
  t.is(gated.code, 1, gated.stderr);
  t.regex(gated.stderr, /gated metrics regressed: head\.streaming: apiserver_rss_peak_bytes/);
  t.notRegex(gated.stderr, /head\.legacy/);
  const bench = await runKsb(['compare', dir, '--out', root, '--format', 'benchstat']);
  t.is(bench.code, 0, bench.stderr);
  t.regex(bench.stdout, /^ +│ base\.streaming +│ head\.streaming +│ vs base\.streaming$/m);
  t.regex(
    bench.stdout,
    /^apiserver_rss_peak_bytes +│ 200\.0 MiB ± \d+% +│ 399\.9 MiB ± \d+% +│ \+100\.00% \[\+\d+\.\d+%, \+\d+\.\d+%\] \(n=3\+3\)$/m,
  );
  t.regex(
    bench.stdout,
    /^apiserver_rss_peak_bytes +│ 1000\.0 MiB ± \d+% +│ 1000\.3 MiB ± \d+% +│ ~ \((unchanged|inconclusive), n=3\+3\)$/m,
  );
});
