// kube-apiserver's protobuf wire format: the "k8s\0" magic and runtime.Unknown envelope, lists whose size
// is known before the first item is written (so a list can stream item by item), and watch events as
// 4-byte big-endian length-prefixed frames.
import { errors } from '../status.js';
import { asBuffer, messages, Writer } from './schema.js';

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from('k8s\0', 'latin1');

const LEN = 2; // protobuf wire type of length-delimited fields

function fieldHeader(field: number, length: number): Buffer {
  return asBuffer(
    Writer.create()
      .uint32((field << 3) | LEN)
      .uint32(length)
      .finish(),
  );
}

/** The field header an item needs inside a list message (field 2, items). */
export function listItemHeader(itemLength: number): Buffer {
  return fieldHeader(2, itemLength);
}

function typeMeta(kind: string): Buffer {
  return asBuffer(messages.TypeMeta.encode({ apiVersion: 'v1', kind }).finish());
}

// Unknown's contentEncoding (3) and contentType (4): always written, always empty.
const UNKNOWN_TAIL = asBuffer(
  Writer.create()
    .uint32((3 << 3) | LEN)
    .string('')
    .uint32((4 << 3) | LEN)
    .string('')
    .finish(),
);

/** Everything before the envelope's raw bytes; the raw bytes follow, then UNKNOWN_TAIL. */
function envelopeHead(kind: string, rawLength: number): Buffer {
  const tm = typeMeta(kind);
  return Buffer.concat([MAGIC, fieldHeader(1, tm.length), tm, fieldHeader(2, rawLength)]);
}

export function envelope(kind: string, raw: Buffer): Buffer {
  return Buffer.concat([envelopeHead(kind, raw.length), raw, UNKNOWN_TAIL]);
}

/**
 * A list body as chunks: envelope and list metadata, then each item with its field header, then the tail.
 * `items` are the items' protobuf bytes, each already prefixed by listItemHeader.
 */
export function* listChunks(listKind: string, listMeta: Buffer, items: Buffer[]): Generator<Buffer> {
  const metaField = Buffer.concat([fieldHeader(1, listMeta.length), listMeta]);
  let rawLength = metaField.length;
  for (const item of items) rawLength += item.length;
  yield Buffer.concat([envelopeHead(listKind, rawLength), metaField]);
  yield* items;
  yield UNKNOWN_TAIL;
}

/** A watch event: metav1.WatchEvent (not enveloped) whose object is an enveloped object. */
export function watchEvent(type: string, enveloped: Buffer): Buffer {
  return asBuffer(messages.WatchEvent.encode({ type, object: { raw: enveloped } }).finish());
}

/** The HTTP framing of one watch event: its length as 4 bytes, big-endian. */
export function lengthPrefixed(event: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(event.length);
  return Buffer.concat([head, event]);
}

/** Opens a request body: checks the magic and the kind, returns the object's bytes, or the apiserver's 400. */
export function openEnvelope(body: Buffer, expectedKind: string): Uint8Array {
  const unrecognized = (why: string) =>
    errors.badRequest(
      `the object provided is unrecognized (must be of type ${expectedKind}): ${why} (${body.subarray(0, 64).toString('hex')})`,
    );
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw unrecognized(`provided data does not appear to be a protobuf message, expected prefix [${[...MAGIC].join(' ')}]`);
  }
  let unknown: { typeMeta?: { apiVersion?: string; kind?: string }; raw?: Uint8Array };
  try {
    unknown = messages.Unknown.decode(body.subarray(MAGIC.length)) as typeof unknown;
  } catch (e) {
    throw unrecognized(`proto: ${(e as Error).message}`);
  }
  const kind = unknown.typeMeta?.kind ?? '';
  if (!kind) throw unrecognized("Object 'Kind' is missing");
  if (kind !== expectedKind) {
    throw errors.badRequest(
      `${kind} in version "v1" cannot be handled as a ${expectedKind}: converting (v1.${kind}) to (core.${expectedKind}): unknown conversion`,
    );
  }
  return unknown.raw ?? new Uint8Array();
}
