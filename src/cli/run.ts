// `ksb run <workload>`: start the target, seed, sample, run the load engine, write results, print the summary.
import { Command } from 'commander';
import { addEngineFlags, engineFromFlags, type EngineFlags } from './engine-flags.js';
import { HELP_GROUPS } from './help-groups.js';
import { targetProvider } from '../targets/registry.js';
import { loadWorkload } from './workload-registry.js';
import { variantOf } from '../variants/variants.js';
import { addBuildFlags, buildFlagsOf, runCells, type BuildOptions } from './build-flags.js';
import { buildsComparisonText } from '../compare/builds-summary.js';
import { runBenchmark } from '../run/run.js';
import { resolveWorkload } from '../workload/resolve.js';
import { InputError } from '../errors/input-error.js';
import {
  checkFlowSchema,
  collect,
  EMULATED_VERSION_HELP,
  parseBytes,
  parseGateList,
  parsePositiveInt,
  parseReps,
  parseThreshold,
} from './parse.js';
import { parseEmulatedVersion, type EmulationChoice } from '../targets/versions.js';
import { addPrometheusFlags, prometheusFromFlags, prometheusOption, type PrometheusFlags } from './prometheus-flags.js';
import { addHaFlags, bystanderWanted, haFromFlags, type HaFlags } from './ha-flags.js';
import { parseK6Out } from '../run/k6-outputs.js';

export function runCommand(version: string): Command {
  const cmd = new Command('run')
    .description('run a workload against a target, sampling apiserver memory and latency into CSV')
    .argument('<workload>', 'built-in workload name or path to a workload .ts file')
    .option('--set <key=value>', 'override a workload parameter (repeatable)', collect, [])
    .option('--out <dir>', 'results root; each run gets a new directory in it', 'results')
    .option('--no-keep-going', 'stop the run after a repetition whose engine failed (default: record it incomplete and go on)')
    .optionsGroup(HELP_GROUPS.target)
    .option('--target <target>', 'mock | local | kind | kubeconfig', 'mock')
    .option(
      '--memory-limit <size>',
      'local and mock targets: hard memory cap for the apiserver (a cgroup), to reproduce the OOM',
      parseBytes,
    )
    .option('--kubeconfig <path>', 'kubeconfig target: the kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig target: the context to benchmark')
    .option('--allow-remote', 'kubeconfig target: allow a non-loopback server (needs --context too)', false)
    .option('--allow-exec', 'kubeconfig target: run the credential plugin (exec) or auth-provider the kubeconfig names', false)
    .option(
      '--flow-schema <name>',
      'give the load a priority level <name> and flow schemas <name>-list, <name>-watch, <name> of its own (API Priority and Fairness), so the summary shows seats per request for LIST and WATCH apart (not the mock)',
    )
    .optionsGroup(HELP_GROUPS.serverBuild)
    .option('--kube-version <version>', 'local target: kube-apiserver release to build and run (1.33.x switches every streaming gate)')
    .option('--emulated-version <version>', EMULATED_VERSION_HELP, parseEmulatedVersion)
    .option('--feature-gates <gates>', 'gates every variant must have, e.g. StreamingCollectionEncodingToJSON=false', parseGateList);
  addBuildFlags(cmd)
    .optionsGroup(HELP_GROUPS.variants)
    .option('--variant <variant>', 'legacy | streaming | both', 'both')
    .option(
      '--content-types <list>',
      'cross the variants with client encodings, e.g. json,protobuf,cbor: every cell on a fresh target, interleaved (cbor needs a target with CBORServingAndStorage: local, kind)',
    )
    .option(
      '--reps <n|auto>',
      'repetitions per variant (variants interleave); auto: until every gated ratio is known to ±--auto-threshold',
      parseReps,
      1,
    )
    .option('--max-reps <n>', 'with --reps auto: the most repetitions per variant', parsePositiveInt, 10)
    .option('--auto-threshold <percent>', "with --reps auto: how narrow each gated ratio's 95% interval must be", parseThreshold, 0.05);
  // Several apiservers (local target): at the end of the Target group.
  addHaFlags(cmd.optionsGroup(HELP_GROUPS.target));
  addPrometheusFlags(cmd).addOption(
    prometheusOption(
      '--prometheus-file-sd <file>',
      "local target with --prometheus-url: list each repetition's kube-apiserver and etcd in this Prometheus file_sd file (and let /metrics be read without a token)",
    ),
  );
  addEngineFlags(cmd)
    .optionsGroup(HELP_GROUPS.k6)
    .option('--informers-per-vu <n>', '--engine k6: informers one k6 VU holds (one VU runs many WebSockets)', parsePositiveInt, 25)
    .option(
      '--k6-out <spec>',
      "--engine k6: also send k6's metrics to this k6 output, e.g. experimental-prometheus-rw or json=k6.json (repeatable; credentials go in the output's environment variables)",
      collect,
      [],
    )
    .optionsGroup(HELP_GROUPS.general); // --help, and any option added after this line without a group of its own
  return cmd.action(
    async (
      name: string,
      o: {
        target: string;
        variant: string;
        contentTypes?: string;
        reps: number | 'auto';
        maxReps: number;
        autoThreshold: number;
        set: string[];
        out: string;
        informersPerVu: number;
        kubeVersion?: string;
        emulatedVersion?: EmulationChoice;
        memoryLimit?: number;
        featureGates?: Record<string, boolean>;
        kubeconfig?: string;
        context?: string;
        allowRemote: boolean;
        keepGoing: boolean;
        allowExec: boolean;
        k6Out: string[];
        prometheusFileSd?: string;
        flowSchema?: string;
      } & PrometheusFlags &
        EngineFlags &
        BuildOptions &
        HaFlags,
    ) => {
      const buildFlags = buildFlagsOf(o);
      const variants = runCells(o, buildFlags);
      const flowSchema = checkFlowSchema(o.flowSchema, o.target);
      const ha = haFromFlags(o, o.target);
      const k6Outputs = o.k6Out.map(parseK6Out);
      if (k6Outputs.length && o.engine !== 'k6')
        throw new InputError('--k6-out: k6 outputs need --engine k6 (ksb-runner writes its observations into the run directory)');
      if (o.prometheusUrl !== undefined && o.target === 'mock')
        throw new InputError(
          '--prometheus-url: the mock is a Node process started per repetition that no Prometheus scrapes; use it with --target kubeconfig, kind or local',
        );
      if (o.prometheusFileSd !== undefined && o.target !== 'local')
        throw new InputError(
          '--prometheus-file-sd: only the local target is listed there (kubeconfig clusters are scraped as your Prometheus already does)',
        );
      if (o.prometheusUrl !== undefined && o.target === 'local' && o.prometheusFileSd === undefined)
        throw new InputError(
          '--prometheus-url with --target local: ksb starts a new kube-apiserver and etcd on new ports every repetition; pass --prometheus-file-sd <file> and give your Prometheus a scrape job reading that file (docs/continuous-benchmarking.md, "Prometheus as a source")',
        );
      // Before anything starts: a URL that does not answer as Prometheus fails the run here, naming what answered.
      const prometheus = await prometheusFromFlags(o);
      if (o.reps === 'auto' && variants.length !== 2)
        throw new InputError('--reps auto repeats until the ratio between two variants is clear: use --variant both');
      const workload = await loadWorkload(name);
      resolveWorkload(workload, o.set); // a bad --set is refused here, before a target or the engine is looked for
      const target = await targetProvider(o.target, {
        ...buildFlags,
        emulation: o.emulatedVersion,
        prometheusFileSd: o.prometheusFileSd,
        memoryLimit: o.memoryLimit,
        featureGates: o.featureGates,
        kubeconfig: o.kubeconfig,
        context: o.context,
        allowRemote: o.allowRemote,
        allowExec: o.allowExec,
        ...ha,
      });
      // Before the engine is looked for (or built): a target that cannot serve a variant says so at once.
      target.check(variants.map(variantOf));
      const engine = await engineFromFlags(o);
      const result = await runBenchmark({
        workload,
        sets: o.set,
        variants,
        reps: o.reps === 'auto' ? o.maxReps : o.reps,
        auto: o.reps === 'auto' ? { maxReps: o.maxReps, threshold: o.autoThreshold } : undefined,
        outRoot: o.out,
        target,
        engine,
        version,
        tuning: { informersPerVU: o.informersPerVu },
        keepGoing: o.keepGoing,
        prometheus,
        k6Outputs,
        flowSchema,
        bystander: bystanderWanted(o),
      });
      const builds = buildFlags.builds ? `\n\n${await buildsComparisonText(result.dir)}` : '';
      process.stdout.write(
        `\n${result.summaryText}${builds}\n\nresults: ${result.dir} (status: ${result.manifest.status}${result.manifest.reason ? `, ${result.manifest.reason}` : ''})\n`,
      );
      if (result.manifest.status === 'incomplete') process.exitCode = result.manifest.reason === 'interrupted' ? 130 : 1;
    },
  );
}
