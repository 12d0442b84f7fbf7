// Variants: a full configuration of server gates and client behaviour. "legacy" and "streaming" are the A/B.
import type { ClientMode } from '../plan/plan.js';

export interface Variant {
  name: string;
  description: string;
  /** kube-apiserver feature gates the variant must have. */
  gates: Record<string, boolean>;
  /** gates it wants where the version can switch them (from 1.34 the encoding gates are locked on). */
  preferredGates: Record<string, boolean>;
  clientMode: ClientMode;
}

export const VARIANTS: Record<string, Variant> = {
  legacy: {
    name: 'legacy',
    description: 'streaming encoding off; informers LIST then WATCH',
    gates: { WatchList: false },
    preferredGates: { StreamingCollectionEncodingToJSON: false, StreamingCollectionEncodingToProtobuf: false },
    clientMode: 'list-watch',
  },
  streaming: {
    name: 'streaming',
    description: 'streaming encoding on; informers use WatchList (sendInitialEvents + initial-events-end bookmark)',
    gates: { WatchList: true },
    preferredGates: { StreamingCollectionEncodingToJSON: true, StreamingCollectionEncodingToProtobuf: true },
    clientMode: 'watchlist',
  },
};

/** Every gate the variant asks for, where nothing is locked (the mock, kube-apiserver 1.33). */
export function allGates(v: Variant): Record<string, boolean> {
  return { ...v.preferredGates, ...v.gates };
}

export function gatesFlag(gates: Record<string, boolean>): string {
  return Object.entries(gates)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** "legacy" | "streaming" | "both" -> variant names; the error names the flag. */
export function parseVariantChoice(choice: string): string[] {
  if (choice === 'both') return ['legacy', 'streaming'];
  const names = choice
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) {
    if (!VARIANTS[n]) throw new Error(`--variant: unknown variant "${n}" (expected legacy, streaming, both, or a comma list)`);
  }
  if (!names.length) throw new Error('--variant: expected legacy, streaming or both');
  return names;
}
