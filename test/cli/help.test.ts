// `ksb run --help` groups its options under the headings the docs use, so a person finds the target's flags
// together and the bring-your-own-k6 ones apart from the default engine's.
import test from 'ava';
import { HELP_GROUPS } from '../../src/cli/help-groups.js';
import { runKsb } from '../helpers/cli.js';

/** The help's blocks: heading -> the long flags listed under it. */
function blocks(help: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of help.split('\n')) {
    if (/^\S.*:$/.test(line)) out.set(line, (current = []));
    else if (current && /^ {2}(-\w, )?--[\w-]+/.test(line)) current.push(/--[\w-]+/.exec(line)![0]);
  }
  return out;
}

test('ksb run --help lists its options in the groups the docs use, in that order', async (t) => {
  const r = await runKsb(['run', '--help']);
  t.is(r.code, 0, r.stderr);
  const b = blocks(r.stdout);
  t.deepEqual(
    [...b.keys()].filter((h) => h !== 'Arguments:'),
    [
      HELP_GROUPS.general,
      HELP_GROUPS.target,
      HELP_GROUPS.serverBuild,
      HELP_GROUPS.variants,
      HELP_GROUPS.prometheus,
      HELP_GROUPS.engine,
      HELP_GROUPS.k6,
    ],
  );
  const expected: Array<[string, string[]]> = [
    [HELP_GROUPS.general, ['--set', '--out', '--help']],
    [HELP_GROUPS.target, ['--target', '--memory-limit', '--kubeconfig', '--context', '--allow-remote', '--allow-exec']],
    [HELP_GROUPS.serverBuild, ['--kube-version', '--emulated-version', '--feature-gates']],
    [HELP_GROUPS.variants, ['--variant', '--content-types', '--reps', '--max-reps', '--auto-threshold']],
    [HELP_GROUPS.prometheus, ['--prometheus-url', '--prometheus-step', '--prometheus-file-sd']],
    [HELP_GROUPS.engine, ['--engine', '--runner-memory-budget']],
    [HELP_GROUPS.k6, ['--k6', '--informers-per-vu', '--k6-out']],
  ];
  for (const [heading, flags] of expected) for (const flag of flags) t.true(b.get(heading)?.includes(flag), `${flag} under ${heading}`);
});

test('capacity and collect group the engine and Prometheus flags they share with run the same way', async (t) => {
  const capacity = blocks((await runKsb(['capacity', '--help'])).stdout);
  t.deepEqual(capacity.get(HELP_GROUPS.engine), ['--engine', '--runner-memory-budget']);
  t.deepEqual(capacity.get(HELP_GROUPS.k6), ['--k6']);
  const collect = blocks((await runKsb(['collect', '--help'])).stdout);
  t.true(collect.get(HELP_GROUPS.prometheus)?.includes('--prometheus-url'));
  t.true(collect.get(HELP_GROUPS.general)?.includes('--help'));
});
