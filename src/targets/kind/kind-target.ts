// The kind target: one kind cluster per variant (created and deleted by ksb), measured through /metrics
// and the control-plane container's memory.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { containerEngine, commandOutput } from '../../tools/detect.js';
import type { Variant } from '../../variants/variants.js';
import { loadClientNode } from '../connection.js';
import { connectedTarget, connectionFromKubeConfig } from '../kubeconfig-target.js';
import type { RunningTarget, TargetProvider } from '../target.js';
import type { EmulationChoice, GatePlan } from '../versions.js';
import { controlPlaneStatsCommand, kindConfig, kindDownCommand, kindGatePlan, kindUpCommand, parseMemUsage } from './kind-config.js';

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

export async function kindUp(
  variant: Variant,
  kubeVersion: string,
  plan: GatePlan,
  dir: string,
  log: (l: string) => void,
): Promise<string> {
  const config = join(dir, `kind-${variant.name}.yaml`);
  const kubeconfig = join(dir, `kubeconfig-${variant.name}`);
  await writeFile(config, kindConfig(variant.name, kubeVersion, plan));
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

export function kindTarget(o: { kubeVersion: string; emulation?: EmulationChoice; log?: (l: string) => void }): TargetProvider {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  let plan: GatePlan | undefined;
  const planFor = (variants: Variant[]) => kindGatePlan(o.kubeVersion, o.emulation ?? { kind: 'auto' }, variants);
  return {
    name: 'kind',
    check(variants) {
      plan = planFor(variants);
      if (plan.why) log(`kind target: ${plan.why}`);
    },
    async start(variant): Promise<RunningTarget> {
      plan ??= planFor([variant]);
      const engine = await requireKind();
      const dir = await mkdtemp(join(tmpdir(), 'ksb-kind-'));
      const kubeconfig = await kindUp(variant, o.kubeVersion, plan, dir, log);
      const { KubeConfig } = await loadClientNode();
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfig);
      const stats = controlPlaneStatsCommand(variant.name, engine);
      try {
        const target = await connectedTarget(
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
        target.info.featureGates = plan.gates.get(variant.name)!.flag;
        if (plan.emulatedVersion) target.info.emulated_version = plan.emulatedVersion;
        return target;
      } catch (e) {
        await kindDown(variant.name, log).catch(() => {});
        throw e;
      }
    },
  };
}
