// Normalises kube-apiserver response bodies so that bodies from two servers can be compared byte for byte:
// the fields that must differ (uid, resourceVersion, creation time, managedFields) get fixed values; every
// other byte, the field order and the presence of empty fields included, is kept.
import protobuf from 'protobufjs';

const MAGIC = Buffer.from('k8s\0', 'latin1');
type Rewrite = (field: number, value: Buffer) => Buffer | undefined;

/** Re-encodes a message, passing each length-delimited field through `rewrite` (undefined drops it). */
function rewriteFields(message: Uint8Array, rewrite: Rewrite): Buffer {
  const r = protobuf.Reader.create(message);
  const w = protobuf.Writer.create();
  while (r.pos < r.len) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire === 2) {
      const value = rewrite(field, Buffer.from(r.bytes()));
      if (value !== undefined) w.uint32(tag).bytes(value);
    } else if (wire === 0) {
      w.uint32(tag).uint64(r.uint64());
    } else {
      throw new Error(`unexpected wire type ${wire} in field ${field}`);
    }
  }
  return Buffer.from(w.finish());
}

const at =
  (fields: Record<number, (v: Buffer) => Buffer | undefined>): Rewrite =>
  (field, value) =>
    fields[field] ? fields[field](value) : value;

const objectMeta = at({
  5: () => Buffer.from('UID'),
  6: () => Buffer.from('RV'),
  8: (v) => (v.length ? Buffer.from('TS') : v), // creationTimestamp; the zero time stays empty
  17: () => undefined,
});
const object = at({ 1: (v) => rewriteFields(v, objectMeta) });
const listMeta = at({ 2: (v) => (v.length ? Buffer.from('RV') : v) });
const list = at({ 1: (v) => rewriteFields(v, listMeta), 2: (v) => rewriteFields(v, object) });

function enveloped(body: Buffer, inner: Rewrite): Buffer {
  if (!body.subarray(0, 4).equals(MAGIC)) throw new Error(`not a kubernetes protobuf body: ${body.subarray(0, 16).toString('hex')}`);
  return Buffer.concat([MAGIC, rewriteFields(body.subarray(4), at({ 2: (raw) => rewriteFields(raw, inner) }))]);
}

export const normaliseProtobuf = {
  object: (body: Buffer) => enveloped(body, object),
  list: (body: Buffer) => enveloped(body, list),
  /** A length-prefixed watch stream: each event's enveloped object is normalised. */
  watch(body: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    for (let p = 0; p < body.length;) {
      const n = body.readUInt32BE(p);
      const event = body.subarray(p + 4, p + 4 + n);
      frames.push(rewriteFields(event, at({ 2: (ext) => rewriteFields(ext, at({ 1: (raw) => enveloped(raw, object) })) })));
      p += 4 + n;
    }
    return frames;
  },
};

/** The end of the JSON value starting at `start` (an array or object), honouring strings. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error('unterminated JSON value');
}

/** The same normalisation on JSON text, keeping every other byte. */
export function normaliseJson(body: Buffer | string): string {
  let text = body.toString();
  for (let i = text.indexOf(',"managedFields":['); i >= 0; i = text.indexOf(',"managedFields":[')) {
    const start = i + ',"managedFields":'.length;
    text = text.slice(0, i) + text.slice(valueEnd(text, start));
  }
  return text
    .replace(/"uid":"[^"]*"/g, '"uid":"UID"')
    .replace(/"resourceVersion":"\d+"/g, '"resourceVersion":"RV"')
    .replace(/"creationTimestamp":"[^"]*"/g, '"creationTimestamp":"TS"');
}
