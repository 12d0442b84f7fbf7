// `ksb target install local`: build kube-apiserver and etcd ahead of a run (ksb run also does it on demand).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { kindConfig, kindDownCommand, kindGatePlan, kindUpCommand } from '../targets/kind/kind-config.js';
import { kindDown, kindUp, requireKind } from '../targets/kind/kind-target.js';
import { VARIANTS } from '../variants/variants.js';
import { ensureKubeBinaries } from '../targets/local/binaries.js';
import { DEFAULT_KUBE_VERSION, parseEmulatedVersion, parseKubeVersion, type EmulationChoice } from '../targets/versions.js';
import { EMULATED_VERSION_HELP } from './parse.js';
import { InputError } from '../errors/input-error.js';

export function targetCommand(): Command {
  const target = new Command('target').description('install and manage targets');
  target
    .command('install')
    .description("build a target's binaries into the per-user cache")
    .argument('<target>', 'local')
    .option('--kube-version <version>', 'Kubernetes release', DEFAULT_KUBE_VERSION)
    .action(async (name: string, o: { kubeVersion: string }) => {
      if (name !== 'local')
        throw new Error(`target install: only "local" is built here (got "${name}"); kind and kubeconfig need nothing built`);
      const bins = await ensureKubeBinaries(parseKubeVersion(o.kubeVersion), (l) => process.stderr.write(`${l}\n`));
      process.stdout.write(`kube-apiserver ${bins.kubeApiserver}\netcd ${bins.etcd}\n`);
    });
  const kind = target.command('kind').description("kind clusters with the variant's feature gates (needs Docker, podman or nerdctl)");
  const variantOf = (name: string) => {
    const v = VARIANTS[name];
    if (!v) throw new InputError(`--variant: unknown variant "${name}" (expected ${Object.keys(VARIANTS).join(' or ')})`);
    return v;
  };
  kind
    .command('up')
    .description('create the kind cluster for a variant; --dry-run prints its config and the command instead')
    .option('--variant <variant>', 'legacy | streaming', 'streaming')
    .option('--kube-version <version>', 'Kubernetes release (node image kindest/node:v<version>)', DEFAULT_KUBE_VERSION)
    .option('--emulated-version <version>', EMULATED_VERSION_HELP, parseEmulatedVersion, { kind: 'auto' } as EmulationChoice)
    .option('--dry-run', 'print the generated config and kind command, create nothing', false)
    .action(async (o: { variant: string; kubeVersion: string; emulatedVersion: EmulationChoice; dryRun: boolean }) => {
      const variant = variantOf(o.variant);
      // Planned for the A/B pair, so both clusters run at one compatibility version.
      const plan = kindGatePlan(o.kubeVersion, o.emulatedVersion);
      if (plan.why) process.stderr.write(`${plan.why}\n`);
      if (o.dryRun) {
        const up = kindUpCommand(variant.name, `ksb-${variant.name}.yaml`, `kubeconfig-${variant.name}`);
        process.stdout.write(
          `# ksb-${variant.name}.yaml\n${kindConfig(variant.name, o.kubeVersion, plan)}\n# command\n${up.cmd} ${up.args.join(' ')}\n`,
        );
        return;
      }
      await requireKind();
      const kubeconfig = await kindUp(variant, o.kubeVersion, plan, await mkdtemp(join(tmpdir(), 'ksb-kind-')), (l) =>
        process.stderr.write(`${l}\n`),
      );
      process.stdout.write(`cluster ksb-${variant.name} is up; kubeconfig: ${kubeconfig}\n`);
    });
  kind
    .command('down')
    .description('delete the kind cluster of a variant')
    .option('--variant <variant>', 'legacy | streaming', 'streaming')
    .option('--dry-run', 'print the kind command only', false)
    .action(async (o: { variant: string; dryRun: boolean }) => {
      const variant = variantOf(o.variant);
      if (o.dryRun) {
        const down = kindDownCommand(variant.name);
        process.stdout.write(`${down.cmd} ${down.args.join(' ')}\n`);
        return;
      }
      await requireKind();
      await kindDown(variant.name, (l) => process.stderr.write(`${l}\n`));
    });
  return target;
}
