// kind cluster configs and commands per variant: pure functions, so they are tested without Docker.
import { stringify } from 'yaml';
import { gatesFlag, VARIANTS, type Variant } from '../../variants/variants.js';
import { gatePlanFor, lockedValue, parseKubeVersion, type EmulationChoice, type GatePlan } from '../versions.js';

function kindClusterName(variant: string): string {
  return `ksb-${variant}`;
}

export function nodeImage(kubeVersion: string): string {
  return `kindest/node:v${parseKubeVersion(kubeVersion).full}`;
}

/**
 * The kind Cluster config: the variant's gates, runtimeConfig, API server on loopback. Gates every component
 * of the binary can take go in `featureGates` (kind passes them to the apiserver, controller-manager,
 * scheduler, kubelet and kube-proxy); gates that need an emulated version go to the API server only, with
 * `--emulated-version`, through a kubeadm patch (which replaces the API server's feature-gates argument).
 */
export function kindConfig(variant: string, kubeVersion: string, plan: GatePlan, image = nodeImage(kubeVersion)): string {
  const version = parseKubeVersion(kubeVersion);
  const gates = plan.gates.get(variant);
  if (!gates) throw new Error(`kind config: no gates planned for variant ${variant}`);
  const sorted = Object.fromEntries(Object.entries(gates.flag).sort(([a], [b]) => a.localeCompare(b)));
  const everywhere = Object.entries(sorted).filter(([gate]) => lockedValue(gate, version.minor) === undefined);
  // A kubeadm patch is a YAML document of its own, carried as a string in the list.
  const apiServerPatch = plan.emulatedVersion
    ? stringify(
        {
          kind: 'ClusterConfiguration',
          apiServer: { extraArgs: { 'emulated-version': plan.emulatedVersion, 'feature-gates': gatesFlag(sorted) } },
        },
        { lineWidth: 0 },
      )
    : undefined;
  const config = {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: kindClusterName(variant),
    featureGates: Object.fromEntries(everywhere),
    runtimeConfig: { 'api/alpha': 'false' }, // production-like: no alpha APIs
    networking: { apiServerAddress: '127.0.0.1', apiServerPort: 0 },
    ...(apiServerPatch ? { kubeadmConfigPatches: [apiServerPatch] } : {}),
    nodes: [{ role: 'control-plane', image }],
  };
  return stringify(config, { lineWidth: 0 });
}

/** Gates and emulation version for the A/B pair on a kind node image of this release. */
export function kindGatePlan(kubeVersion: string, emulation: EmulationChoice, variants: Variant[] = Object.values(VARIANTS)): GatePlan {
  return gatePlanFor(parseKubeVersion(kubeVersion), emulation, variants);
}

export interface KindCommand {
  cmd: string;
  args: string[];
}

export function kindUpCommand(variant: string, configPath: string, kubeconfigPath: string): KindCommand {
  return {
    cmd: 'kind',
    args: [
      'create',
      'cluster',
      '--name',
      kindClusterName(variant),
      '--config',
      configPath,
      '--kubeconfig',
      kubeconfigPath,
      '--wait',
      '180s',
    ],
  };
}

export function kindDownCommand(variant: string): KindCommand {
  return { cmd: 'kind', args: ['delete', 'cluster', '--name', kindClusterName(variant)] };
}

/** docker stats of the control-plane container; its MemUsage like "1.2GiB / 23.4GiB". */
export function controlPlaneStatsCommand(variant: string, engine = 'docker'): KindCommand {
  return { cmd: engine, args: ['stats', '--no-stream', '--format', '{{.MemUsage}}', `${kindClusterName(variant)}-control-plane`] };
}

const UNITS: Record<string, number> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
};

export function parseMemUsage(text: string): number | undefined {
  const m = /^\s*([\d.]+)\s*([A-Za-z]+)\s*\//.exec(text);
  const unit = m ? UNITS[m[2]!] : undefined;
  return m && unit ? Math.round(Number(m[1]) * unit) : undefined;
}
