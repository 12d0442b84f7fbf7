// `ksb export k6-operator <workload> --variant v --parallelism N -o dir/`
// `ksb export k8s-job <workload> --segments N -o dir/`, `ksb export runner-image -o runner.oci.tar`
// `ksb export results <run-or-comparison> --format github-action-benchmark|bmf|perfdash [-o file]`
import { usesClientGo } from '../plan/plan.js';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { compileK6Script } from '../compile/compile.js';
import { STOCK_K6_IMAGE, configMapManifest, exportReadme, targetSecretManifest, testRunManifest, toYaml } from '../export/k6-operator.js';
import { loadWorkload } from './workload-registry.js';
import { buildPlan, DEFAULT_TUNING, resolveWorkload } from '../workload/resolve.js';
import { VARIANTS, variantNamed } from '../variants/variants.js';
import { collect, parsePositiveInt, requireDirectories } from './parse.js';
import { InputError } from '../errors/input-error.js';
import { addK8sJobExport } from './export-k8s-job.js';
import { addRunnerImageExport } from './export-runner-image.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { loadExportInput, type ExportInput } from '../report/export-input.js';
import {
  comparisonToBmf,
  comparisonToGab,
  EXPORT_FORMATS,
  runToBmf,
  runToGab,
  runToPerfdash,
  type ExportFormat,
} from '../report/bench-formats.js';

function serialize(input: ExportInput, format: ExportFormat, path: string): unknown {
  if (input.kind === 'run') {
    if (format === 'github-action-benchmark') return runToGab(input.run);
    return format === 'bmf' ? runToBmf(input.run) : runToPerfdash(input.run);
  }
  const facts = (dir: string) => input.facts.get(dir);
  if (format === 'github-action-benchmark') return comparisonToGab(input.comparison, facts);
  if (format === 'bmf') return comparisonToBmf(input.comparison, facts);
  throw new InputError(
    `${path}: perfdash draws percentiles of one run, and a comparison holds ratios; export a run directory with --format perfdash`,
  );
}

export function exportCommand(version: string): Command {
  const exp = new Command('export').description('export a workload for other engines, or results for continuous-benchmarking tools');
  exp
    .command('k6-operator')
    .description('write ConfigMap, Secret and TestRun manifests that run the workload on k6-operator')
    .argument('<workload>', 'built-in workload name or path to a workload .ts file')
    .option('--variant <variant>', 'legacy | streaming', 'streaming')
    .requiredOption('--parallelism <n>', 'k6 runners the test is split across', parsePositiveInt)
    .option('--set <key=value>', 'override a workload parameter (repeatable)', collect, [])
    .requiredOption('--target-url <url>', 'the apiserver URL as the runners reach it, e.g. https://kubernetes.default.svc')
    .option('--insecure-skip-tls-verify', 'runners skip TLS verification of the apiserver', false)
    .option('--namespace <ns>', 'namespace of the objects', 'default')
    .option('--name <name>', 'name of the objects (default: ksb-<workload>-<variant>)')
    .option(
      '--runner-image <image>',
      `k6 runner image: its k6 must be 1.7.x, built with k6/x/kube for client-go workloads (default for client=js: ${STOCK_K6_IMAGE})`,
    )
    .option('--runner-cpu <cpu>', 'CPU request and limit per runner', '1')
    .option('--runner-memory <memory>', 'memory request and limit per runner', '2Gi')
    .option('--informers-per-vu <n>', 'informers one VU holds', parsePositiveInt, DEFAULT_TUNING.informersPerVU)
    .requiredOption('-o, --out <dir>', 'directory for the manifests (must not exist or be empty)')
    .action(
      async (
        name: string,
        o: {
          variant: string;
          parallelism: number;
          set: string[];
          targetUrl: string;
          insecureSkipTlsVerify: boolean;
          namespace: string;
          name?: string;
          runnerImage?: string;
          runnerCpu: string;
          runnerMemory: string;
          informersPerVu: number;
          out: string;
        },
      ) => {
        if (!variantNamed(o.variant))
          throw new Error(
            `--variant: unknown variant "${o.variant}" (expected ${Object.keys(VARIANTS).join(' or ')}, or either @json, @protobuf, @cbor)`,
          );
        if (!/^https?:\/\/[^/]+$/.test(o.targetUrl))
          throw new InputError(`--target-url: expected the apiserver's base URL like https://kubernetes.default.svc, got "${o.targetUrl}"`);
        const workload = resolveWorkload(await loadWorkload(name), o.set);
        const objectName = o.name ?? `ksb-${workload.name}-${o.variant}`.toLowerCase();
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(objectName) || objectName.length > 52)
          throw new InputError(`--name: "${objectName}" must be a DNS-1123 label of at most 52 characters`);
        if (existsSync(join(o.out, 'testrun.yaml')))
          throw new Error(`-o ${o.out}: already holds exported manifests; choose a new directory`);
        const plan = buildPlan(workload, o.variant, { ...DEFAULT_TUNING, informersPerVU: o.informersPerVu });
        if (usesClientGo(plan.scenarios) && !o.runnerImage) {
          throw new Error(
            '--runner-image: this workload runs client-go informers (k6/x/kube), which the stock grafana/k6 image lacks and kube-stream-bench no longer builds (k6 is AGPL-3.0); pass an image of your own k6 with k6/x/kube, or --set client=js, or run ksb-runner itself with `ksb export k8s-job`',
          );
        }
        const script = await compileK6Script(plan, `kube-stream-bench ${version}`);
        const opts = {
          name: objectName,
          namespace: o.namespace,
          parallelism: o.parallelism,
          script,
          targetUrl: o.targetUrl,
          insecureSkipTLSVerify: o.insecureSkipTlsVerify,
          runnerImage: o.runnerImage ?? STOCK_K6_IMAGE,
          runnerCpu: o.runnerCpu,
          runnerMemory: o.runnerMemory,
          tags: { workload: workload.name, variant: o.variant },
        };
        await mkdir(o.out, { recursive: true });
        await writeFile(join(o.out, 'configmap.yaml'), toYaml(configMapManifest(opts)));
        await writeFile(join(o.out, 'secret.yaml'), toYaml(targetSecretManifest(opts)));
        await writeFile(join(o.out, 'testrun.yaml'), toYaml(testRunManifest(opts)));
        await writeFile(join(o.out, 'README.md'), exportReadme(opts, `${workload.name} (${o.variant})`));
        process.stdout.write(`wrote configmap.yaml, secret.yaml, testrun.yaml and README.md to ${o.out}\n`);
      },
    );
  exp
    .command('results')
    .description('write a run or a comparison in the format of a continuous-benchmarking tool (lower is better throughout)')
    .argument('<dir>', 'a run directory, a directory of runs, or a comparison directory (ksb compare --out)')
    .requiredOption('--format <format>', `${EXPORT_FORMATS.join(' | ')}`)
    .option('-o, --out <file>', 'write here (atomically) instead of to stdout')
    .action(async (dir: string, o: { format: string; out?: string }) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(o.format))
        throw new InputError(`--format ${o.format}: unknown format (choose one of ${EXPORT_FORMATS.join(', ')})`);
      requireDirectories([dir], 'a run directory, a directory of runs or a comparison directory');
      const input = await loadExportInput(dir);
      const text = `${JSON.stringify(serialize(input, o.format as ExportFormat, dir), null, 2)}\n`;
      if (o.out) {
        await writeFileAtomic(o.out, text);
        process.stderr.write(`wrote ${o.format} to ${o.out}\n`);
      } else process.stdout.write(text);
    });
  addK8sJobExport(exp, version);
  addRunnerImageExport(exp, version);
  return exp;
}
