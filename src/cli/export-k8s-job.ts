// `ksb export k8s-job <workload> --segments N -o dir/`: an Indexed Job of ksb-runner pods and the plan's ConfigMap.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { indexedJob, jobReadme, planConfigMap, toYaml, type JobOptions } from '../export/k8s-job.js';
import { InputError } from '../errors/input-error.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { buildPlan, resolveWorkload } from '../workload/resolve.js';
import { parseBytesValue } from '../workload/units.js';
import { VARIANTS, variantNamed } from '../workload/variants.js';
import { collect, parsePositiveInt } from './parse.js';
import { loadWorkload } from './workload-registry.js';
import { JOB_FILE, type JobRecord } from '../results/gather.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

interface Flags {
  variant: string;
  segments: number;
  set: string[];
  targetUrl: string;
  insecureSkipTlsVerify: boolean;
  caFile?: string;
  namespace: string;
  name?: string;
  image: string;
  imagePullPolicy?: string;
  tokenSecret?: string;
  tokenKey: string;
  cpu: string;
  memory: string;
  priorityClassName?: string;
  serviceAccount?: string;
  out: string;
}

export function addK8sJobExport(exp: Command, version: string): void {
  exp
    .command('k8s-job')
    .description('write an Indexed Job (batch/v1) whose pods run the workload with ksb-runner, one segment each, and its plan ConfigMap')
    .argument('<workload>', 'built-in workload name or path to a workload .ts file')
    .option('--variant <variant>', 'legacy | streaming', 'streaming')
    .requiredOption('--segments <n>', 'pods (Job completions and parallelism); pod i runs segment i/n', parsePositiveInt)
    .option('--set <key=value>', 'override a workload parameter (repeatable)', collect, [])
    .option('--target-url <url>', 'the apiserver URL as the pods reach it', 'https://kubernetes.default.svc')
    .option('--insecure-skip-tls-verify', 'the runners skip TLS verification of the apiserver', false)
    .option('--ca-file <path>', `the apiserver's CA bundle inside the pod (default: the service account's, ${'/var/run/secrets/…/ca.crt'})`)
    .option('--namespace <ns>', 'namespace of the objects', 'default')
    .option('--name <name>', 'name of the objects (default: ksb-<workload>-<variant>)')
    .option('--image <image>', 'the runner image (ksb export runner-image)', `ksb-runner:${version}`)
    .option('--image-pull-policy <policy>', 'Always | IfNotPresent | Never (e.g. Never for an image loaded with kind load)')
    .option('--token-secret <name>', 'the Secret you create with the bearer token (default: <name>-token)')
    .option('--token-key <key>', 'its key', 'token')
    .option('--cpu <cpu>', 'CPU request and limit per pod', '1')
    .option('--memory <memory>', 'memory request and limit per pod; the runner keeps to 90% of it', '2Gi')
    .option('--priority-class-name <name>', 'priorityClassName of the pods')
    .option('--service-account <name>', 'serviceAccountName of the pods')
    .requiredOption('-o, --out <dir>', 'directory for the manifests (must not exist or be empty)')
    .action(async (workloadName: string, o: Flags) => {
      if (!variantNamed(o.variant))
        throw new InputError(
          `--variant: unknown variant "${o.variant}" (expected ${Object.keys(VARIANTS).join(' or ')}, or either @json, @protobuf, @cbor)`,
        );
      if (!/^https?:\/\/[^/]+$/.test(o.targetUrl))
        throw new InputError(`--target-url: expected the apiserver's base URL like https://kubernetes.default.svc, got "${o.targetUrl}"`);
      if (o.imagePullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(o.imagePullPolicy))
        throw new InputError(`--image-pull-policy: expected Always, IfNotPresent or Never, got "${o.imagePullPolicy}"`);
      if (o.segments > 1000) throw new InputError(`--segments ${o.segments}: at most 1000 pods per Job here`);
      const memoryBytes = /^\d+(\.\d+)?(Ki|Mi|Gi|k|M|G)?$/.test(o.memory) ? parseBytesValue(o.memory) : undefined;
      if (!memoryBytes) throw new InputError(`--memory: expected a Kubernetes quantity like 512Mi or 2Gi, got "${o.memory}"`);
      const workload = resolveWorkload(await loadWorkload(workloadName), o.set);
      const name = o.name ?? `ksb-${workload.name}-${o.variant}`.toLowerCase();
      // Pod names are <job>-<index>-<5 random>: keep them within 63 characters.
      if (!DNS_LABEL.test(name) || name.length > 52)
        throw new InputError(`--name: "${name}" must be a DNS-1123 label of at most 52 characters`);
      for (const [flag, v] of [
        ['--token-secret', o.tokenSecret],
        ['--priority-class-name', o.priorityClassName],
        ['--service-account', o.serviceAccount],
      ] as const) {
        if (v !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v))
          throw new InputError(`${flag}: "${v}" is not a valid object name`);
      }
      if (existsSync(o.out) && readdirSync(o.out).length) throw new InputError(`-o ${o.out}: not empty; choose a new directory`);
      const plan = buildPlan(workload, o.variant);
      const opts: JobOptions = {
        name,
        namespace: o.namespace,
        segments: o.segments,
        planJson: `${JSON.stringify(plan, null, 2)}\n`,
        image: o.image,
        imagePullPolicy: o.imagePullPolicy,
        targetUrl: o.targetUrl,
        insecureSkipTLSVerify: o.insecureSkipTlsVerify,
        caFile: o.caFile,
        tokenSecret: o.tokenSecret ?? `${name}-token`,
        tokenKey: o.tokenKey,
        cpu: o.cpu,
        memory: o.memory,
        memoryBudgetBytes: Math.floor(memoryBytes * 0.9),
        priorityClassName: o.priorityClassName,
        serviceAccountName: o.serviceAccount,
        labels: { 'kube-stream-bench/workload': workload.name, 'kube-stream-bench/variant': o.variant },
      };
      const record: JobRecord = {
        kind: 'ksb-k8s-job',
        format: 1,
        ksb_version: version,
        name,
        namespace: o.namespace,
        segments: o.segments,
        image: o.image,
        target_url: o.targetUrl,
        variant: o.variant,
        workload: {
          name: workload.name,
          description: workload.description,
          params: workload.params,
          seed: workload.seed,
          scenarios: workload.scenarios,
        },
      };
      await mkdir(o.out, { recursive: true });
      await writeFileAtomic(join(o.out, 'configmap.yaml'), toYaml(planConfigMap(opts)));
      await writeFileAtomic(join(o.out, 'job.yaml'), toYaml(indexedJob(opts)));
      await writeFileAtomic(join(o.out, 'plan.json'), opts.planJson);
      await writeFileAtomic(join(o.out, JOB_FILE), `${JSON.stringify(record, null, 2)}\n`);
      await writeFileAtomic(join(o.out, 'README.md'), jobReadme(opts, `${workload.name} (${o.variant})`));
      process.stdout.write(`wrote configmap.yaml, job.yaml, plan.json, ${JOB_FILE} and README.md to ${o.out}\n`);
    });
}
