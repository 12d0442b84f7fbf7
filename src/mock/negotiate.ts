// Content negotiation as kube-apiserver does it: the Accept header's media ranges ordered by quality
// and specificity, the first one a serializer supports wins; request bodies by their Content-Type.
import { errors } from './status.js';
import { PROTOBUF } from './protobuf/wire.js';

export type Encoding = 'json' | 'protobuf';

const MEDIA_TYPES: Record<Encoding, string> = { json: 'application/json', protobuf: PROTOBUF };

interface MediaRange {
  type: string;
  subtype: string;
  params: Map<string, string>;
  q: number;
  order: number;
}

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  header.split(',').forEach((clause, order) => {
    const [mediaType = '', ...rawParams] = clause.split(';').map((s) => s.trim());
    const [type = '', subtype = ''] = mediaType.toLowerCase().split('/');
    if (!type || !subtype) return;
    const params = new Map<string, string>();
    let q = 1;
    for (const p of rawParams) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const key = p.slice(0, eq).trim().toLowerCase();
      const value = p.slice(eq + 1).trim();
      if (key === 'q') q = Number.isNaN(Number(value)) ? 0 : Number(value);
      else params.set(key, value);
    }
    if (q > 0) ranges.push({ type, subtype, params, q, order });
  });
  const specificity = (r: MediaRange) => (r.type === '*' ? 0 : r.subtype === '*' ? 1 : 2);
  return ranges.sort((a, b) => b.q - a.q || specificity(b) - specificity(a) || a.order - b.order);
}

/** The serializers the mock has for a resource; objects without a schema (pods) are JSON only. */
function available(protobuf: boolean): Encoding[] {
  return protobuf ? ['json', 'protobuf'] : ['json'];
}

/**
 * The response encoding for an Accept header. Media ranges asking for a transformation the mock does not
 * do (`as=Table`, `as=PartialObjectMetadata`) are passed over, as kube-apiserver passes over what it cannot
 * serve; nothing acceptable is 406 Not Acceptable.
 */
export function negotiate(accept: string | undefined, opts: { protobuf: boolean }): Encoding {
  const encodings = available(opts.protobuf);
  if (!accept || !accept.trim()) return 'json';
  for (const range of parseAccept(accept)) {
    if (range.params.has('as')) continue;
    for (const encoding of encodings) {
      const [type, subtype] = MEDIA_TYPES[encoding].split('/');
      if ((range.type === '*' || range.type === type) && (range.subtype === '*' || range.subtype === subtype)) return encoding;
    }
  }
  const offered = encodings.map((e) => MEDIA_TYPES[e]);
  const streams = encodings.map((e) => `${MEDIA_TYPES[e]};stream=watch`);
  throw errors.notAcceptable([...offered, ...streams].join(', '));
}

/** The encoding of a create or update body from its Content-Type; anything else is 415 (patches: patch.ts). */
export function bodyEncoding(contentType: string | undefined, opts: { protobuf: boolean }): Encoding {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === '' || type === 'application/json' || type === '*/*') return 'json';
  if (type === PROTOBUF && opts.protobuf) return 'protobuf';
  throw errors.unsupportedMediaType(
    available(opts.protobuf)
      .map((e) => MEDIA_TYPES[e])
      .join(', '),
  );
}

export function contentTypeOf(encoding: Encoding, stream = false): string {
  return encoding === 'protobuf' && stream ? `${PROTOBUF};stream=watch` : MEDIA_TYPES[encoding];
}

/**
 * Whether the Accept header's first range the mock can serve asks for a meta.k8s.io Table in JSON (what
 * `kubectl get` sends before its plain application/json fallback).
 */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  for (const range of parseAccept(accept)) {
    const as = range.params.get('as');
    if (as === undefined) return false; // a plain range comes first: the object itself
    const json = (range.type === 'application' || range.type === '*') && (range.subtype === 'json' || range.subtype === '*');
    if (as === 'Table' && json && range.params.get('g') === 'meta.k8s.io' && ['v1', 'v1beta1'].includes(range.params.get('v') ?? ''))
      return true;
  }
  return false;
}
