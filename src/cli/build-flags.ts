// The flags that bring the kube-apiserver under test (--kube-apiserver, --etcd, --kube-source, --builds) and the
// run's cells: variant × content type × build, in the order a repetition runs them.
import { Option, type Command } from 'commander';
import { parseBuildList } from '../builds/spec.js';
import { InputError } from '../errors/input-error.js';
import { buildFlagsGiven, type BuildFlags } from '../targets/local/user-builds.js';
import { crossBuilds, crossContentTypes, parseContentTypes, parseVariantChoice } from '../variants/variants.js';
import { HELP_GROUPS } from './help-groups.js';

export interface BuildOptions {
  kubeApiserver?: string;
  etcd?: string;
  kubeSource?: string;
  builds?: string;
}

export function addBuildFlags(cmd: Command): Command {
  const opt = (flags: string, help: string) => new Option(flags, help).helpGroup(HELP_GROUPS.serverBuild);
  return cmd
    .addOption(
      opt(
        '--kube-apiserver <path>',
        'local target: run this kube-apiserver binary (its --version says the release its gates and emulation follow)',
      ),
    )
    .addOption(opt('--etcd <path>', "local target: run this etcd (default: the one the build's release pins, built from modules)"))
    .addOption(
      opt(
        '--kube-source <dir[@ref]>',
        "local target: build kube-apiserver from this Kubernetes checkout, at a git ref (in a worktree of ksb's own) or its work tree as it is",
      ),
    )
    .addOption(
      opt(
        '--builds <name=spec,…>',
        'local target: A/B builds interleaved in one run, e.g. base=1.33.13,head=~/kubernetes@HEAD (a release, a binary, or a checkout dir[@ref]); the first is the baseline',
      ),
    );
}

/** The flags as the target registry takes them, --builds parsed; refused at once on a target other than local. */
export function buildFlagsOf(o: BuildOptions & { kubeVersion?: string; target: string }): BuildFlags {
  const given = buildFlagsGiven({ ...o, builds: o.builds === undefined ? undefined : [] });
  if (given.length && o.target !== 'local')
    throw new InputError(`${given[0]}: needs --target local (ksb runs the kube-apiserver given only on the local target)`);
  return {
    kubeVersion: o.kubeVersion,
    kubeApiserver: o.kubeApiserver,
    kubeSource: o.kubeSource,
    etcd: o.etcd,
    builds: o.builds === undefined ? undefined : parseBuildList(o.builds),
  };
}

/** The run's cells: variants, crossed with --content-types, then with --builds (base, head next to each other). */
export function runCells(o: { variant: string; contentTypes?: string; reps: number | 'auto' }, flags: BuildFlags): string[] {
  const chosen = parseVariantChoice(o.variant);
  const cells = o.contentTypes === undefined ? chosen : crossContentTypes(chosen, parseContentTypes(o.contentTypes));
  if (o.contentTypes !== undefined && o.reps === 'auto')
    throw new InputError('--reps auto with --content-types: give a number of repetitions (auto settles one A/B pair)');
  if (!flags.builds) return cells;
  if (o.reps === 'auto') throw new InputError('--reps auto with --builds: give a number of repetitions (auto settles one A/B pair)');
  return crossBuilds(
    cells,
    flags.builds.map((b) => b.name),
  );
}
