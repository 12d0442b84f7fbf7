// `ksb collect --target kubeconfig --duration 10m`: sample an apiserver for a window (e.g. while a
// distributed k6-operator run loads it) into a new result directory with samples.csv.
import { join } from 'node:path';
import { Command } from 'commander';
import { Sampler } from '../collect/sampler.js';
import { toCsv, writeFileAtomic } from '../files/atomic-write.js';
import { createRunDir, runId } from '../results/run-dir.js';
import { SAMPLE_COLUMNS } from '../results/rows.js';
import { kubeconfigTarget } from '../targets/kubeconfig-target.js';
import { parseDurationMs } from './parse.js';
import { addPrometheusFlags, prometheusFromFlags, type PrometheusFlags } from './prometheus-flags.js';
import { replicaWarning } from '../collect/replicas.js';
import { InputError } from '../errors/input-error.js';

export function collectCommand(): Command {
  const cmd = new Command('collect')
    .description("sample an apiserver's /metrics for a time window into samples.csv (for distributed runs)")
    .option('--target <target>', 'kubeconfig (the cluster under load)', 'kubeconfig')
    .requiredOption('--duration <duration>', 'how long to sample, e.g. 10m')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'context to sample')
    .option('--allow-remote', 'allow a non-loopback server (needs --context too)', false)
    .option('--allow-exec', 'run the credential plugin (exec) or auth-provider the kubeconfig names', false)
    .option('--label <name>', 'the variant column of the samples', 'collect')
    .option('--out <dir>', 'results root; a new directory is created in it', 'results');
  return addPrometheusFlags(cmd).action(
    async (
      o: PrometheusFlags & {
        target: string;
        duration: string;
        kubeconfig?: string;
        context?: string;
        allowRemote: boolean;
        allowExec: boolean;
        label: string;
        out: string;
      },
    ) => {
      if (o.target !== 'kubeconfig')
        throw new InputError(`--target: collect samples an existing cluster, so only "kubeconfig" applies (got "${o.target}")`);
      const durationMs = parseDurationMs(o.duration);
      const prometheus = await prometheusFromFlags(o);
      const target = await (
        await kubeconfigTarget({
          kubeconfig: o.kubeconfig,
          context: o.context,
          allowRemote: o.allowRemote,
          allowExec: o.allowExec,
        })
      ).connect();
      const { dir, id } = await createRunDir(o.out, runId('collect'));
      const sampler = new Sampler(target, { run_id: id, variant: o.label, rep: 1 });
      const started = new Date();
      const manifest = {
        run_id: id,
        kind: 'collect',
        target: target.info,
        window_ms: durationMs,
        started: started.toISOString(),
        ended: undefined as string | undefined,
        status: 'incomplete',
        reason: 'running',
        prometheus: prometheus && {
          url: prometheus.source.o.endpoint.shown,
          version: prometheus.version,
          missing: [] as string[],
          apiserver_instances: [] as string[],
        },
        warnings: [] as string[],
      };
      const write = async () => {
        const sampled = sampler.stop();
        const base = { run_id: id, variant: o.label, rep: 1 };
        // A failed query must not lose the direct samples: its error goes into run.json.
        const fromProm = prometheus
          ? await prometheus.source
              .collect({ startMs: started.getTime() - prometheus.source.o.stepMs, endMs: Date.now(), zeroMs: started.getTime() }, base)
              .catch((e: Error) => {
                manifest.warnings.push(`Prometheus: ${e.message}`);
                return undefined;
              })
          : undefined;
        if (fromProm && manifest.prometheus) {
          manifest.prometheus.missing = fromProm.missing;
          manifest.prometheus.apiserver_instances = fromProm.apiserverInstances;
        }
        const mixed = prometheus ? undefined : replicaWarning(sampled.startTimes, target.url);
        if (mixed) {
          manifest.warnings.push(mixed);
          process.stderr.write(`warning: ${mixed}\n`);
        }
        await writeFileAtomic(join(dir, 'samples.csv'), toCsv([...sampled.rows, ...(fromProm?.rows ?? [])], SAMPLE_COLUMNS));
        await writeFileAtomic(join(dir, 'run.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      };
      await sampler.checkMetrics();
      if (prometheus) await prometheus.source.preflight();
      sampler.start();
      process.stderr.write(`sampling ${target.url} for ${o.duration} → ${dir}\n`);
      const interrupted = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), durationMs);
        process.once('SIGINT', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      manifest.ended = new Date().toISOString();
      manifest.status = interrupted ? 'incomplete' : 'complete';
      manifest.reason = interrupted ? 'interrupted' : '';
      await write();
      process.stdout.write(`samples: ${join(dir, 'samples.csv')} (${manifest.status})\n`);
      if (interrupted) process.exitCode = 130;
    },
  );
}
