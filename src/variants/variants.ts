// Variants: a full configuration of server gates and client behaviour. "legacy" and "streaming" are the A/B.
import type { Accept, ClientMode } from '../plan/plan.js';
import { InputError } from '../errors/input-error.js';

export interface Variant {
  name: string;
  description: string;
  /** kube-apiserver feature gates the variant must have. */
  gates: Record<string, boolean>;
  /** gates it wants where the version can switch them (from 1.34 the encoding gates are locked on). */
  preferredGates: Record<string, boolean>;
  clientMode: ClientMode;
  /** a cell of the content-type axis (`--content-types`): every client of the plan speaks this encoding */
  contentType?: Accept;
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

/** The server gate CBOR needs (alpha through 1.37); a cbor cell requires it on. */
const CBOR_SERVER_GATE = 'CBORServingAndStorage';
const CONTENT_AXIS: readonly Accept[] = ['json', 'protobuf', 'cbor'];

/**
 * A variant by name: "legacy", "streaming", or a cell of the content-type axis, "<variant>@<json|protobuf|cbor>",
 * which is the variant with every client speaking that encoding (cbor cells also require CBORServingAndStorage).
 */
export function variantNamed(name: string): Variant | undefined {
  const [base, contentType, ...rest] = name.split('@');
  const v = VARIANTS[base!];
  if (!v || rest.length) return undefined;
  if (contentType === undefined) return v;
  if (!CONTENT_AXIS.includes(contentType as Accept)) return undefined;
  const ct = contentType as Accept;
  return {
    ...v,
    name,
    description: `${v.description}; every client speaks ${ct}`,
    gates: ct === 'cbor' ? { ...v.gates, [CBOR_SERVER_GATE]: true } : v.gates,
    contentType: ct,
  };
}

/** The variant of a name the CLI has already checked. */
export function variantOf(name: string): Variant {
  const v = variantNamed(name);
  if (!v) throw new Error(`unknown variant "${name}"`);
  return v;
}

/** "json,protobuf,cbor" -> the content types, the error naming the flag. */
export function parseContentTypes(text: string): Accept[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = names.find((n) => !CONTENT_AXIS.includes(n as Accept));
  if (bad !== undefined || !names.length)
    throw new InputError(`--content-types: expected a comma list of ${CONTENT_AXIS.join(', ')}, got "${text}"`);
  if (new Set(names).size !== names.length) throw new InputError(`--content-types: "${text}" names a content type twice`);
  return names as Accept[];
}

/**
 * Variants crossed with content types, in the order a repetition runs them: every variant of a content type next
 * to each other (legacy@json, streaming@json, legacy@cbor, …), so each A/B pair is interleaved as before.
 */
export function crossContentTypes(variants: string[], contentTypes: Accept[]): string[] {
  return contentTypes.flatMap((ct) => variants.map((v) => `${v}@${ct}`));
}

/**
 * The A/B pairs of a run's variants: the first two, or with --content-types the first two of each content type
 * (legacy@cbor against streaming@cbor), in the run's order.
 */
export function abPairs(variants: string[]): Array<[string, string]> {
  const groups = new Map<string, string[]>();
  for (const v of variants) {
    const ct = v.includes('@') ? v.slice(v.indexOf('@')) : '';
    groups.set(ct, [...(groups.get(ct) ?? []), v]);
  }
  return [...groups.values()].filter((g) => g.length >= 2).map((g) => [g[0]!, g[1]!]);
}

/**
 * With --content-types, each variant's cells against its first content type (legacy@json against legacy@cbor):
 * what an encoding costs with the server's streaming configuration held fixed.
 */
export function contentPairs(variants: string[]): Array<[string, string]> {
  const byBase = new Map<string, string[]>();
  for (const v of variants.filter((x) => x.includes('@'))) {
    const base = v.slice(0, v.indexOf('@'));
    byBase.set(base, [...(byBase.get(base) ?? []), v]);
  }
  return [...byBase.values()].flatMap((cells) => cells.slice(1).map((c): [string, string] => [cells[0]!, c]));
}

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
    if (!VARIANTS[n]) throw new InputError(`--variant: unknown variant "${n}" (expected legacy, streaming, both, or a comma list)`);
  }
  if (!names.length) throw new InputError('--variant: expected legacy, streaming or both');
  return names;
}
