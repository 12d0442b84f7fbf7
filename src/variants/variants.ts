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
  /** a cell of the build axis (`--builds base=…,head=…`): the kube-apiserver build it runs against */
  build?: string;
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

/** A build's name in `--builds` and in cell names: a-z, 0-9 and "-". */
const BUILD_NAME = /^[a-z0-9-]+$/;

/** "head.streaming@json" -> build head, rest streaming@json; a name without a build prefix has none. */
function splitBuild(name: string): { build?: string; rest: string } {
  const dot = name.indexOf('.');
  if (dot < 0) return { rest: name };
  const build = name.slice(0, dot);
  return BUILD_NAME.test(build) ? { build, rest: name.slice(dot + 1) } : { rest: name };
}

/**
 * A variant by name: "legacy", "streaming", or a cell of the content-type axis, "<variant>@<json|protobuf|cbor>",
 * which is the variant with every client speaking that encoding (cbor cells also require CBORServingAndStorage),
 * or either of those as a cell of the build axis, "<build>.<variant>[@<encoding>]" (head.streaming@json).
 */
export function variantNamed(name: string): Variant | undefined {
  const { build, rest: cell } = splitBuild(name);
  if (build !== undefined) {
    const v = variantNamed(cell);
    return v && { ...v, name, build, description: `${v.description}; kube-apiserver build ${build}` };
  }
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
 * Cells crossed with builds, in the order a repetition runs them: every build of a cell next to each other
 * (base.legacy, head.legacy, base.streaming, head.streaming), so base and head interleave within each repetition.
 */
export function crossBuilds(cells: string[], builds: string[]): string[] {
  return cells.flatMap((c) => builds.map((b) => `${b}.${c}`));
}

/**
 * The build pairs of a run with --builds: for every variant (and content type), the first build against each other
 * one (base.legacy against head.legacy), in the run's order; none without builds.
 */
export function buildPairs(variants: string[]): Array<[string, string]> {
  const byCell = new Map<string, string[]>();
  for (const v of variants) {
    const { build, rest } = splitBuild(v);
    if (build !== undefined) byCell.set(rest, [...(byCell.get(rest) ?? []), v]);
  }
  return [...byCell.values()].flatMap((cells) => cells.slice(1).map((c): [string, string] => [cells[0]!, c]));
}

/**
 * The A/B pairs of a run's variants: the first two, or with --content-types the first two of each content type
 * (legacy@cbor against streaming@cbor), in the run's order; with --builds, within each build.
 */
export function abPairs(variants: string[]): Array<[string, string]> {
  const groups = new Map<string, string[]>();
  for (const v of variants) {
    const ct = v.includes('@') ? v.slice(v.indexOf('@')) : '';
    const key = `${splitBuild(v).build ?? ''}${ct}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
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
