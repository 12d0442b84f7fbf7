// Kubernetes versions the local target builds, and the feature gates each can switch.
export const DEFAULT_KUBE_VERSION = '1.33.13';

export interface KubeVersion {
  full: string; // 1.33.13
  minor: number;
}

export function parseKubeVersion(text: string): KubeVersion {
  const m = /^v?1\.(\d+)\.(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`--kube-version: expected a release like 1.33.13, got "${text}"`);
  const minor = Number(m[1]);
  if (minor < 33)
    throw new Error(
      `--kube-version ${text}: the local target supports 1.33 and newer (WatchList and streaming encoding are beta from 1.33); use ${DEFAULT_KUBE_VERSION}`,
    );
  return { full: `1.${m[1]}.${m[2]}`, minor };
}

/** Gates locked to a value from a given minor on (kube-apiserver refuses any other value). */
const LOCKED: Array<{ gate: string; from: number; value: boolean }> = [
  { gate: 'StreamingCollectionEncodingToJSON', from: 34, value: true },
  { gate: 'StreamingCollectionEncodingToProtobuf', from: 34, value: true },
];

export function lockedValue(gate: string, minor: number): boolean | undefined {
  return LOCKED.find((l) => l.gate === gate && minor >= l.from)?.value;
}

export interface ResolvedGates {
  /** gates passed to --feature-gates */
  flag: Record<string, boolean>;
  /** preferred values this version cannot take (locked): kept out of the flag, recorded in run.json */
  locked: Record<string, boolean>;
}

/**
 * Applies a variant's gates to a version. `required` gates must be honoured; `preferred` ones are dropped
 * when the version has them locked to another value (on 1.34+ the A/B then varies WatchList and the client).
 */
export function resolveGates(
  version: KubeVersion,
  required: Record<string, boolean>,
  preferred: Record<string, boolean>,
  variant: string,
): ResolvedGates {
  const flag: Record<string, boolean> = {};
  const locked: Record<string, boolean> = {};
  for (const [gate, value] of Object.entries(required)) {
    const lock = lockedValue(gate, version.minor);
    if (lock !== undefined && lock !== value) {
      throw new Error(
        `variant ${variant} needs ${gate}=${value}, but kube-apiserver ${version.full} has ${gate} locked to ${lock}; use --kube-version ${DEFAULT_KUBE_VERSION} (the last release where it can be switched)`,
      );
    }
    if (lock === undefined) flag[gate] = value;
  }
  for (const [gate, value] of Object.entries(preferred)) {
    if (gate in required) continue;
    const lock = lockedValue(gate, version.minor);
    if (lock === undefined) flag[gate] = value;
    else locked[gate] = lock;
  }
  return { flag, locked };
}
