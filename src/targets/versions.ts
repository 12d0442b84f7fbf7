// Kubernetes versions the local and kind targets run, the feature gates each can switch, and the
// compatibility version (--emulated-version) that lets a newer binary switch gates it has locked.
import type { Variant } from '../variants/variants.js';
import { InputError } from '../errors/input-error.js';

export const DEFAULT_KUBE_VERSION = '1.33.13';
/** The newest release measured here that can still emulate 1.33, so switch every streaming gate. */
const NEWEST_FULL_AB_RELEASE = '1.36.3';

export interface KubeVersion {
  full: string; // 1.33.13
  minor: number;
}

export function parseKubeVersion(text: string): KubeVersion {
  const m = /^v?1\.(\d+)\.(\d+)$/.exec(text.trim());
  if (!m) throw new InputError(`--kube-version: expected a release like 1.33.13, got "${text}"`);
  const minor = Number(m[1]);
  if (minor < 33)
    throw new Error(
      `--kube-version ${text}: the local target supports 1.33 and newer (WatchList and streaming encoding are beta from 1.33); use ${DEFAULT_KUBE_VERSION}`,
    );
  return { full: `1.${m[1]}.${m[2]}`, minor };
}

/** --emulated-version: a minor to emulate, `off` (run the binary's own defaults), or `auto` (the default). */
export type EmulationChoice = { kind: 'auto' } | { kind: 'off' } | { kind: 'minor'; minor: number };

export function parseEmulatedVersion(text: string): EmulationChoice {
  const t = text.trim();
  if (t === 'auto' || t === 'off') return { kind: t };
  const m = /^1\.(\d+)$/.exec(t);
  if (!m) throw new InputError(`--emulated-version: expected major.minor like 1.33, or auto, or off; got "${text}"`);
  return { kind: 'minor', minor: Number(m[1]) };
}

/** The minors a binary can emulate: measured [n-3, n] (1.37.2: "emulation version 1.33 is not between [1.34, 1.37.0]"). */
function emulationWindow(version: KubeVersion): { min: number; max: number } {
  return { min: version.minor - 3, max: version.minor };
}

/** Gates locked to a value from a given minor on (kube-apiserver refuses any other value), and removed later. */
const LOCKED: Array<{ gate: string; from: number; value: boolean; removedFrom?: number }> = [
  { gate: 'StreamingCollectionEncodingToJSON', from: 34, value: true, removedFrom: 37 },
  { gate: 'StreamingCollectionEncodingToProtobuf', from: 34, value: true, removedFrom: 37 },
];

/** The value a gate is locked to at an (emulated) minor, if it is locked there. */
export function lockedValue(gate: string, minor: number): boolean | undefined {
  return LOCKED.find((l) => l.gate === gate && minor >= l.from)?.value;
}

/** A gate the binary no longer knows (--feature-gates naming it is refused, at any emulation version). */
function removedIn(gate: string, binaryMinor: number): boolean {
  const l = LOCKED.find((x) => x.gate === gate);
  return l?.removedFrom !== undefined && binaryMinor >= l.removedFrom;
}

/** The newest minor at which every one of these gates can still be switched. */
function newestSwitchable(gates: string[]): number {
  return Math.min(...gates.map((g) => LOCKED.find((l) => l.gate === g)!.from)) - 1;
}

export interface ResolvedGates {
  /** gates passed to --feature-gates */
  flag: Record<string, boolean>;
  /** preferred values this version cannot take (locked): kept out of the flag, recorded in run.json */
  locked: Record<string, boolean>;
}

interface VariantGates {
  name: string;
  /** gates the variant must have */
  required: Record<string, boolean>;
  /** gates it wants where the version can switch them */
  preferred: Record<string, boolean>;
}

export interface GatePlan {
  /** "1.33" when the binary runs with --emulated-version, for every variant of the run alike */
  emulatedVersion?: string;
  /** why ksb chose that emulation version (absent when the user chose it, or none is used) */
  why?: string;
  gates: Map<string, ResolvedGates>;
}

function cannotSwitch(version: KubeVersion, v: VariantGates, gate: string, value: boolean, effective: number): Error {
  const at = effective === version.minor ? `kube-apiserver ${version.full}` : `kube-apiserver ${version.full} emulating 1.${effective}`;
  const lock = lockedValue(gate, effective) ?? !value;
  const w = emulationWindow(version);
  const switchable = newestSwitchable([gate]);
  const fix =
    switchable >= w.min
      ? `use --emulated-version 1.${switchable} (or leave it to auto), or --kube-version ${DEFAULT_KUBE_VERSION}`
      : `kube-apiserver ${version.full} emulates 1.${w.min}–1.${w.max} only; use --kube-version ${NEWEST_FULL_AB_RELEASE} (emulating 1.${switchable}) or ${DEFAULT_KUBE_VERSION}, the newest releases that can still switch it`;
  return new Error(`variant ${v.name} needs ${gate}=${value}, but ${at} has ${gate} locked to ${lock}; ${fix}`);
}

/** One variant's gates at the effective (emulated) minor: required gates honoured or an error, preferred ones dropped. */
function resolveAt(version: KubeVersion, effective: number, v: VariantGates): ResolvedGates {
  const flag: Record<string, boolean> = {};
  const locked: Record<string, boolean> = {};
  // A gate the binary removed is on whatever it emulates.
  const atMinor = (gate: string) => (removedIn(gate, version.minor) ? version.minor : effective);
  for (const [gate, value] of Object.entries(v.required)) {
    const lock = lockedValue(gate, atMinor(gate));
    if (lock !== undefined && lock !== value) throw cannotSwitch(version, v, gate, value, effective);
    if (lock === undefined) flag[gate] = value;
  }
  for (const [gate, value] of Object.entries(v.preferred)) {
    if (gate in v.required) continue;
    const lock = lockedValue(gate, atMinor(gate));
    if (lock === undefined) flag[gate] = value;
    else locked[gate] = lock;
  }
  return { flag, locked };
}

/**
 * Gates for every variant of a run on one binary, and the one emulation version they all run at (an A/B whose
 * sides ran at different compatibility versions would compare two different servers). `auto` emulates the newest
 * version where the gates a variant asks for can still be switched, when the binary has them locked and its window
 * reaches that far; otherwise the locked preferred gates are dropped (the A/B then varies WatchList and the client).
 */
function planGates(version: KubeVersion, choice: EmulationChoice, variants: VariantGates[]): GatePlan {
  const w = emulationWindow(version);
  let effective = version.minor;
  let why: string | undefined;
  if (choice.kind === 'minor') {
    if (choice.minor < w.min || choice.minor > w.max)
      throw new Error(
        `--emulated-version 1.${choice.minor}: kube-apiserver ${version.full} emulates 1.${w.min} to 1.${w.max} (its --emulated-version window)`,
      );
    effective = choice.minor;
  } else if (choice.kind === 'auto') {
    const conflicts = variants.flatMap((v) =>
      Object.entries({ ...v.preferred, ...v.required })
        .filter(([gate, value]) => {
          const lock = lockedValue(gate, version.minor);
          return lock !== undefined && lock !== value && !removedIn(gate, version.minor);
        })
        .map(([gate, value]) => ({ variant: v.name, gate, value })),
    );
    if (conflicts.length) {
      const target = newestSwitchable(conflicts.map((c) => c.gate));
      if (target >= w.min) {
        effective = target;
        const c = conflicts[0]!;
        why = `variant ${c.variant} asks ${c.gate}=${c.value}, locked to ${!c.value} in ${version.full}: every variant runs with --emulated-version 1.${target}, the newest version where it can be switched`;
      }
    }
  }
  const gates = new Map(variants.map((v) => [v.name, resolveAt(version, effective, v)]));
  return { emulatedVersion: effective === version.minor && choice.kind !== 'minor' ? undefined : `1.${effective}`, why, gates };
}

/**
 * What the A/B varies on this server, when it cannot vary everything the variants ask for: "kube-apiserver 1.37.2:
 * StreamingCollectionEncodingToJSON, … locked on, so the A/B varies WatchList … and the client only".
 */
export function abMeaning(version: KubeVersion, plan: GatePlan): string | undefined {
  const locked = [...new Set([...plan.gates.values()].flatMap((g) => Object.entries(g.locked).map(([k, v]) => `${k}=${v}`)))];
  if (!locked.length) return undefined;
  const at = plan.emulatedVersion ? `kube-apiserver ${version.full} emulating ${plan.emulatedVersion}` : `kube-apiserver ${version.full}`;
  const effective = plan.emulatedVersion ? Number(plan.emulatedVersion.split('.')[1]) : version.minor;
  const compression = effective >= 37 ? ' (with WatchListCompression, beta and on from 1.37)' : '';
  return `${at} has ${locked.join(', ')} locked (streaming encoding cannot be switched off there), so this A/B varies WatchList${compression} and the client only`;
}

/** The gate plan for a run's variants; `extra` gates (--feature-gates) are required of every variant. */
export function gatePlanFor(
  version: KubeVersion,
  choice: EmulationChoice,
  variants: Variant[],
  extra: Record<string, boolean> = {},
): GatePlan {
  return planGates(
    version,
    choice,
    variants.map((v) => ({ name: v.name, required: { ...v.gates, ...extra }, preferred: v.preferredGates })),
  );
}
