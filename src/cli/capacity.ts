// `ksb capacity <workload> --param informers --limit "apiserver_rss_bytes<=2GiB" [--slo …]`
import { Command, InvalidArgumentError } from 'commander';
import { parseLimit } from '../capacity/limits.js';
import { checkParam, runCapacity } from '../capacity/capacity.js';
import { targetProvider } from '../targets/registry.js';
import { addEngineFlags, engineFromFlags, type EngineFlags } from './engine-flags.js';
import { loadWorkload } from './workload-registry.js';
import { parseVariantChoice } from '../variants/variants.js';
import { collect, parseBytes, parsePositiveInt } from './parse.js';
import { InputError } from '../errors/input-error.js';
import { resolveWorkload } from '../workload/resolve.js';

function parseFactor(v: string): number {
  const n = Number(v);
  if (!(n > 1)) throw new InvalidArgumentError(`expected a number > 1, got "${v}"`);
  return n;
}

export function capacityCommand(version: string): Command {
  const cmd = new Command('capacity')
    .description('find the largest value of a parameter (e.g. informers) each variant holds within limits')
    .argument('<workload>', 'built-in workload name or path to a workload .ts file')
    .requiredOption('--param <name>', 'integer parameter to raise, e.g. informers')
    .option('--limit <expr>', 'resource limit, e.g. "apiserver_rss_bytes<=2GiB" (repeatable)', collect, [])
    .option('--slo <expr>', 'latency objective, e.g. "time_to_synced_p99<=30s" (repeatable)', collect, [])
    .option('--variant <variant>', 'legacy | streaming | both', 'both')
    .option('--target <target>', 'mock | local', 'mock')
    .option('--kube-version <version>', 'local target: release to run')
    .option('--memory-limit <size>', 'local target: hard memory cap for kube-apiserver, so the OOM itself ends a probe', parseBytes)
    .option('--set <key=value>', 'other workload parameters (repeatable)', collect, [])
    .option('--start <n>', 'first value probed', parsePositiveInt, 4)
    .option('--max <n>', 'largest value probed', parsePositiveInt, 4096)
    .option('--factor <x>', 'exponential step', parseFactor, 2)
    .option(
      '--precision <percent>',
      'bisection stops when the gap is at most this share of the passing value',
      (v) => Number(v.replace('%', '')) / 100,
      0.1,
    )
    .option('--reps <n>', 'repetitions per probe (the worst one decides)', parsePositiveInt, 1)
    .option('--out <dir>', 'results root', 'results');
  return addEngineFlags(cmd).action(
    async (
      name: string,
      o: {
        param: string;
        limit: string[];
        slo: string[];
        variant: string;
        target: string;
        kubeVersion?: string;
        memoryLimit?: number;
        set: string[];
        start: number;
        max: number;
        factor: number;
        precision: number;
        reps: number;
        out: string;
      } & EngineFlags,
    ) => {
      const limits = [...o.limit.map((l) => parseLimit(l, '--limit')), ...o.slo.map((l) => parseLimit(l, '--slo'))];
      if (!limits.length && !o.memoryLimit)
        throw new InputError('give at least one --limit or --slo (or --memory-limit on the local target), or every probe passes');
      if (o.set.some((s) => s.startsWith(`${o.param}=`))) throw new InputError(`--set ${o.param}=…: the search sets ${o.param} itself`);
      if (o.start > o.max) throw new InputError(`--start ${o.start} is above --max ${o.max}`);
      // Every refusal before a target or the engine is looked for (or built).
      const workload = await loadWorkload(name);
      checkParam(workload, o.param);
      resolveWorkload(workload, o.set);
      const variants = parseVariantChoice(o.variant);
      const result = await runCapacity({
        workload,
        param: o.param,
        sets: o.set,
        variants,
        reps: o.reps,
        limits,
        search: { start: o.start, max: o.max, factor: o.factor, precision: o.precision },
        outRoot: o.out,
        target: await targetProvider(o.target, { kubeVersion: o.kubeVersion, memoryLimit: o.memoryLimit }),
        engine: await engineFromFlags(o),
        version,
      });
      process.stdout.write(`${result.text}\ncapacity: ${result.dir}/capacity.csv, capacity.svg\n`);
    },
  );
}
