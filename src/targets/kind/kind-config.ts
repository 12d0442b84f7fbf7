// kind cluster configs and commands per variant: pure functions, so they are tested without Docker.
import { allGates, type Variant } from '../../workload/variants.js';
import { lockedValue, parseKubeVersion } from '../local/versions.js';

function kindClusterName(variant: string): string {
  return `ksb-${variant}`;
}

export function nodeImage(kubeVersion: string): string {
  return `kindest/node:v${parseKubeVersion(kubeVersion).full}`;
}

/** The kind Cluster config: featureGates and runtimeConfig for the variant, API server on loopback. */
export function kindConfig(variant: Variant, kubeVersion: string, image = nodeImage(kubeVersion)): string {
  const version = parseKubeVersion(kubeVersion);
  const gates = Object.entries(allGates(variant)).filter(([gate, value]) => {
    const lock = lockedValue(gate, version.minor);
    if (lock !== undefined && lock !== value && gate in variant.gates) {
      throw new Error(
        `variant ${variant.name} needs ${gate}=${value}, but Kubernetes ${version.full} has it locked to ${lock}; use --kube-version 1.33.x`,
      );
    }
    return lock === undefined;
  });
  const lines = [
    'kind: Cluster',
    'apiVersion: kind.x-k8s.io/v1alpha4',
    `name: ${kindClusterName(variant.name)}`,
    'featureGates:',
    ...gates.map(([g, v]) => `  ${g}: ${v}`),
    'runtimeConfig:',
    '  api/alpha: "false"', // production-like: no alpha APIs
    'networking:',
    '  apiServerAddress: "127.0.0.1"',
    '  apiServerPort: 0',
    'nodes:',
    '- role: control-plane',
    `  image: ${image}`,
    '',
  ];
  return lines.join('\n');
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
