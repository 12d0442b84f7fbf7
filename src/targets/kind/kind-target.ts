// The kind target: one kind cluster per variant (created and deleted by ksb), measured through /metrics
// and the control-plane container's memory.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { containerEngine, commandOutput } from '../../tools/detect.js';
import type { Variant } from '../../workload/variants.js';
import { connectedTarget, connectionFromKubeConfig } from '../kubeconfig-target.js';
import type { RunningTarget, TargetProvider } from '../target.js';
import { controlPlaneStatsCommand, kindConfig, kindDownCommand, kindUpCommand, parseMemUsage } from './kind-config.js';

const run = promisify(execFile);

/** Fails with a message that says what is missing and points to the local target. */
export async function requireKind(): Promise<string> {
  const engine = await containerEngine();
  if (!engine.ok)
    throw new Error(
      `the kind target needs a running container engine: ${engine.why}. Without one, use --target local (kube-apiserver + etcd built from Go modules, run as local processes)`,
    );
  if (!(await commandOutput('kind', ['version'])))
    throw new Error('the kind target needs the kind CLI on PATH (go install sigs.k8s.io/kind@latest); or use --target local');
  return engine.engine;
}

export async function kindUp(variant: Variant, kubeVersion: string, dir: string, log: (l: string) => void): Promise<string> {
  const config = join(dir, `kind-${variant.name}.yaml`);
  const kubeconfig = join(dir, `kubeconfig-${variant.name}`);
  await writeFile(config, kindConfig(variant, kubeVersion));
  const up = kindUpCommand(variant.name, config, kubeconfig);
  log(`${up.cmd} ${up.args.join(' ')}`);
  await run(up.cmd, up.args, { timeout: 10 * 60_000 });
  return kubeconfig;
}

export async function kindDown(variant: string, log: (l: string) => void): Promise<void> {
  const down = kindDownCommand(variant);
  log(`${down.cmd} ${down.args.join(' ')}`);
  await run(down.cmd, down.args, { timeout: 5 * 60_000 });
}

export function kindTarget(o: { kubeVersion: string; log?: (l: string) => void }): TargetProvider {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  return {
    name: 'kind',
    check(variant) {
      kindConfig(variant, o.kubeVersion);
    },
    async start(variant): Promise<RunningTarget> {
      const engine = await requireKind();
      const dir = await mkdtemp(join(tmpdir(), 'ksb-kind-'));
      const kubeconfig = await kindUp(variant, o.kubeVersion, dir, log);
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfig);
      const stats = controlPlaneStatsCommand(variant.name, engine);
      try {
        return await connectedTarget(
          await connectionFromKubeConfig(kc),
          variant,
          'kind',
          { cluster: kc.getCurrentContext(), kube_version: o.kubeVersion },
          {
            async sampleExtra() {
              const out = await commandOutput(stats.cmd, stats.args);
              const bytes = out ? parseMemUsage(out) : undefined;
              return bytes === undefined ? [] : [{ metric: 'control_plane_container_memory_bytes', value: bytes, labels: '' }];
            },
            async stop() {
              await kindDown(variant.name, log);
              await rm(dir, { recursive: true, force: true });
            },
          },
        );
      } catch (e) {
        await kindDown(variant.name, log).catch(() => {});
        throw e;
      }
    },
  };
}
