// The bytes the mock writes, per encoding: objects, lists, watch events, bookmarks and Status. An object's
// protobuf bytes are built once per stored revision and kept, as its JSON is, so a LIST only copies bytes.
import { hasSchema, itemJson, type CanonicalKind, type CanonicalObject, type Entries, type ObjectMeta } from './canonical.js';
import type { Encoding } from './negotiate.js';
import { withTypeMeta } from './objects.js';
import { decodeObject, encodeListMeta, encodeObject, encodeStatus } from './protobuf/convert.js';
import { envelope, listChunks, openEnvelope, watchEvent } from './protobuf/wire.js';
import type { ResourceDef } from './resources.js';
import type { Status } from './status.js';
import type { StoredObject } from './store.js';

const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';
const LIST_BLUEPRINT = 'kubernetes.io/initial-events-list-blueprint';
const NEWLINE = Buffer.from('\n');

function schemaKind(def: ResourceDef): CanonicalKind {
  if (!hasSchema(def.kind)) throw new Error(`the mock has no protobuf schema for ${def.kind}`);
  return def.kind;
}

/** The stored object's protobuf message and list-item field header, built when it was written. */
function protobufOf(def: ResourceDef, obj: StoredObject): NonNullable<StoredObject['protobuf']> {
  if (!obj.protobuf) throw new Error(`the mock has no protobuf encoding for ${def.kind} ${obj.key}`);
  return obj.protobuf;
}

/** A GET, create, update or delete response body. */
export function objectBody(def: ResourceDef, obj: StoredObject, encoding: Encoding): Buffer {
  if (encoding === 'protobuf') return envelope(def.kind, protobufOf(def, obj).message);
  return Buffer.concat([withTypeMeta(def, obj.item), NEWLINE]);
}

export interface ListMetaFields {
  resourceVersion: string;
  continue: string;
  remainingItemCount?: number;
}

/** A LIST body as chunks, so it can be written item by item (streaming) or joined first (buffered). */
export function* listBody(def: ResourceDef, meta: ListMetaFields, items: StoredObject[], encoding: Encoding): Generator<Buffer> {
  if (encoding === 'protobuf') {
    yield* listChunks(
      def.listKind,
      encodeListMeta(meta.resourceVersion, meta.continue, meta.remainingItemCount),
      items.flatMap((o) => {
        const { header, message } = protobufOf(def, o);
        return [header, message];
      }),
    );
    return;
  }
  const m: Record<string, string | number> = { resourceVersion: meta.resourceVersion };
  if (meta.continue) m.continue = meta.continue;
  if (meta.continue && meta.remainingItemCount !== undefined) m.remainingItemCount = meta.remainingItemCount;
  yield Buffer.from(`{"kind":"${def.listKind}","apiVersion":"v1","metadata":${JSON.stringify(m)},"items":[`);
  const comma = Buffer.from(',');
  for (let i = 0; i < items.length; i++) {
    if (i > 0) yield comma;
    yield items[i]!.item;
  }
  yield Buffer.from(']}\n');
}

export function watchEventBody(def: ResourceDef, type: string, obj: StoredObject, encoding: Encoding): Buffer {
  if (encoding === 'protobuf') return watchEvent(type, objectBody(def, obj, encoding));
  return Buffer.concat([Buffer.from(`{"type":"${type}","object":`), withTypeMeta(def, obj.item), Buffer.from('}')]);
}

function emptyMeta(resourceVersion: string, annotations: Entries): ObjectMeta {
  return {
    name: '',
    generateName: '',
    namespace: '',
    selfLink: '',
    uid: '',
    resourceVersion,
    generation: 0,
    labels: [],
    annotations,
    ownerReferences: [],
    finalizers: [],
    managedFields: [],
  };
}

function emptyObject(kind: CanonicalKind, metadata: ObjectMeta): CanonicalObject {
  switch (kind) {
    case 'Secret':
      return { kind, metadata, data: [], type: '' };
    case 'ConfigMap':
      return { kind, metadata, data: [], binaryData: [] };
    case 'Namespace':
      return { kind, metadata, spec: { finalizers: [] }, status: { phase: '', conditions: [] } };
  }
}

/** An empty list in the request's encoding: what the initial-events-end bookmark carries as a blueprint. */
function listBlueprint(def: ResourceDef, encoding: Encoding): string {
  const body =
    encoding === 'protobuf'
      ? Buffer.concat([...listBody(def, { resourceVersion: '', continue: '' }, [], encoding)])
      : Buffer.from(`{"kind":"${def.listKind}","apiVersion":"v1","metadata":{},"items":null}\n`);
  return body.toString('base64');
}

export function bookmarkBody(def: ResourceDef, rv: number, initialEventsEnd: boolean, encoding: Encoding): Buffer {
  const annotations: Entries = initialEventsEnd
    ? [
        [INITIAL_EVENTS_END, 'true'],
        [LIST_BLUEPRINT, listBlueprint(def, encoding)],
      ]
    : [];
  if (!hasSchema(def.kind)) {
    const metadata: Record<string, unknown> = { resourceVersion: String(rv), creationTimestamp: null };
    if (annotations.length) metadata.annotations = Object.fromEntries(annotations);
    return Buffer.from(JSON.stringify({ type: 'BOOKMARK', object: { kind: def.kind, apiVersion: 'v1', metadata } }));
  }
  const object = emptyObject(def.kind, emptyMeta(String(rv), annotations));
  if (encoding === 'protobuf') return watchEvent('BOOKMARK', envelope(def.kind, encodeObject(object)));
  return Buffer.from(`{"type":"BOOKMARK","object":{"kind":"${def.kind}","apiVersion":"v1",${itemJson(object).slice(1)}}`);
}

export function statusBody(status: Status, encoding: Encoding): Buffer {
  if (encoding === 'protobuf') return envelope('Status', encodeStatus(status));
  return Buffer.from(`${JSON.stringify(status)}\n`);
}

export function watchErrorBody(status: Status, encoding: Encoding): Buffer {
  if (encoding === 'protobuf') return watchEvent('ERROR', statusBody(status, encoding));
  return Buffer.from(JSON.stringify({ type: 'ERROR', object: status }));
}

/** A request body in either encoding, as the loose object admission reads. */
export function decodeRequestObject(def: ResourceDef, body: Buffer, encoding: Encoding): Record<string, unknown> | Buffer {
  if (encoding === 'json') return body;
  const kind = schemaKind(def);
  const raw = openEnvelope(body, kind);
  return { kind, apiVersion: 'v1', ...decodeObject(kind, raw) };
}
