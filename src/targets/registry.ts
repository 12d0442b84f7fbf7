// Target providers by name, as the --target flag names them.
import { kindTarget } from './kind/kind-target.js';
import { kubeconfigTarget } from './kubeconfig-target.js';
import { localTarget } from './local/local-target.js';
import { buildFlagsGiven, userBuilds, type BuildFlags } from './local/user-builds.js';
import { DEFAULT_KUBE_VERSION, type EmulationChoice } from './versions.js';
import { mockTarget, mockTargetWith } from './mock-target.js';
import type { TargetProvider } from './target.js';
import { InputError } from '../errors/input-error.js';

const TARGET_NAMES = ['mock', 'local', 'kind', 'kubeconfig'] as const;

export interface TargetFlags extends BuildFlags {
  emulation?: EmulationChoice;
  /** local target: the file_sd file to list its apiserver and etcd in */
  prometheusFileSd?: string;
  memoryLimit?: number;
  featureGates?: Record<string, boolean>;
  context?: string;
  kubeconfig?: string;
  allowRemote?: boolean;
  allowExec?: boolean;
  /** local target: kube-apiservers behind a load balancer */
  apiservers?: number;
  restartKilled?: boolean;
  goawayChance?: number;
}

export async function targetProvider(name: string, flags: TargetFlags): Promise<TargetProvider> {
  const brought = buildFlagsGiven(flags);
  if (brought.length && name !== 'local')
    throw new InputError(`${brought[0]}: needs --target local (ksb runs the kube-apiserver given only on the local target)`);
  switch (name) {
    case 'mock':
      if (flags.emulation)
        throw new InputError('--emulated-version applies to the local and kind targets, whose kube-apiserver ksb starts');
      return flags.memoryLimit ? mockTargetWith({ memoryLimit: flags.memoryLimit }) : mockTarget;
    case 'local':
      return localTarget({
        kubeVersion: flags.kubeVersion ?? DEFAULT_KUBE_VERSION,
        builds: await userBuilds(flags, (l) => process.stderr.write(`${l}\n`)),
        emulation: flags.emulation,
        fileSd: flags.prometheusFileSd,
        memoryLimit: flags.memoryLimit,
        extraGates: flags.featureGates,
        apiservers: flags.apiservers,
        restartKilled: flags.restartKilled,
        goawayChance: flags.goawayChance,
      });
    case 'kind':
      return kindTarget({ kubeVersion: flags.kubeVersion ?? DEFAULT_KUBE_VERSION, emulation: flags.emulation });
    case 'kubeconfig':
      if (flags.emulation)
        throw new InputError(
          '--emulated-version applies to the local and kind targets; a kubeconfig cluster runs at the version it was started with',
        );
      return await kubeconfigTarget({
        kubeconfig: flags.kubeconfig,
        context: flags.context,
        allowRemote: flags.allowRemote,
        allowExec: flags.allowExec,
      });
    default:
      throw new InputError(`--target: unknown target "${name}" (expected one of: ${TARGET_NAMES.join(', ')})`);
  }
}
