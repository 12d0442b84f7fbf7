// Between the typed objects and protobuf messages. Go's generated marshallers write every string and
// non-pointer field even when empty, and pointer fields only when set: the messages here set exactly those,
// so that protobufjs (which writes a proto2 field when it is present) produces the same bytes.
import type { CanonicalKind, CanonicalObject, Entries, ObjectMeta } from '../canonical.js';
import type { Status } from '../status.js';
import { asBuffer, messages } from './schema.js';

type Msg = Record<string, unknown>;

const time = (rfc3339: string | undefined): Msg => (rfc3339 ? { seconds: Date.parse(rfc3339) / 1000, nanos: 0 } : {});
const stringEntries = (e: Entries): Msg[] => e.map(([key, value]) => ({ key, value }));
const bytesEntries = (e: Entries): Msg[] => e.map(([key, value]) => ({ key, value: Buffer.from(value, 'base64') }));

function metaMessage(m: ObjectMeta): Msg {
  const msg: Msg = {
    name: m.name,
    generateName: m.generateName,
    namespace: m.namespace,
    selfLink: m.selfLink,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    generation: m.generation,
    creationTimestamp: time(m.creationTimestamp),
    labels: stringEntries(m.labels),
    annotations: stringEntries(m.annotations),
    ownerReferences: m.ownerReferences.map((o) => ({ ...o })),
    finalizers: m.finalizers,
    managedFields: m.managedFields.map((f) => ({
      manager: f.manager,
      operation: f.operation,
      apiVersion: f.apiVersion,
      ...(f.time ? { time: time(f.time) } : {}),
      fieldsType: f.fieldsType,
      ...(f.fieldsV1 !== undefined ? { fieldsV1: { Raw: Buffer.from(f.fieldsV1) } } : {}),
      subresource: f.subresource,
    })),
  };
  if (m.deletionTimestamp) msg.deletionTimestamp = time(m.deletionTimestamp);
  if (m.deletionGracePeriodSeconds !== undefined) msg.deletionGracePeriodSeconds = m.deletionGracePeriodSeconds;
  return msg;
}

const withImmutable = (msg: Msg, immutable: boolean | undefined): Msg => (immutable === undefined ? msg : { ...msg, immutable });

/** The object's protobuf encoding, without envelope: what a list embeds as an item. */
export function encodeObject(o: CanonicalObject): Buffer {
  switch (o.kind) {
    case 'Secret':
      return asBuffer(
        messages.Secret.encode(
          withImmutable({ metadata: metaMessage(o.metadata), data: bytesEntries(o.data), type: o.type }, o.immutable),
        ).finish(),
      );
    case 'ConfigMap':
      return asBuffer(
        messages.ConfigMap.encode(
          withImmutable(
            { metadata: metaMessage(o.metadata), data: stringEntries(o.data), binaryData: bytesEntries(o.binaryData) },
            o.immutable,
          ),
        ).finish(),
      );
    case 'Namespace':
      return asBuffer(
        messages.Namespace.encode({
          metadata: metaMessage(o.metadata),
          spec: { finalizers: o.spec.finalizers },
          status: {
            phase: o.status.phase,
            conditions: o.status.conditions.map((c) => ({ ...c, lastTransitionTime: time(c.lastTransitionTime) })),
          },
        }).finish(),
      );
  }
}

export function encodeStatus(s: Status): Buffer {
  const d = s.details;
  const msg: Msg = {
    metadata: { selfLink: '', resourceVersion: '', continue: '' },
    status: s.status,
    message: s.message ?? '',
    reason: s.reason ?? '',
    code: s.code ?? 0,
  };
  if (d) {
    msg.details = {
      name: d.name ?? '',
      group: d.group ?? '',
      kind: d.kind ?? '',
      causes: (d.causes ?? []).map((c) => ({ reason: c.reason, message: c.message, field: c.field ?? '' })),
      retryAfterSeconds: d.retryAfterSeconds ?? 0,
      uid: d.uid ?? '',
    };
  }
  return asBuffer(messages.Status.encode(msg).finish());
}

export function encodeListMeta(resourceVersion: string, cont: string, remainingItemCount: number | undefined): Buffer {
  const msg: Msg = { selfLink: '', resourceVersion, continue: cont };
  if (remainingItemCount !== undefined) msg.remainingItemCount = remainingItemCount;
  return asBuffer(messages.ListMeta.encode(msg).finish());
}

/** A protobuf object as the loose JSON shape request bodies have, for admission. */
export function decodeObject(kind: CanonicalKind, raw: Uint8Array): Record<string, unknown> {
  const type = messages[kind];
  const obj: Msg = type.toObject(type.decode(raw), { longs: Number, bytes: String, defaults: false, arrays: false });
  const toMap = (entries: unknown): Record<string, string> | undefined =>
    Array.isArray(entries)
      ? Object.fromEntries((entries as { key?: string; value?: string }[]).map((e) => [e.key ?? '', e.value ?? '']))
      : undefined;
  const toTime = (t: unknown): string | undefined => {
    const seconds = (t as { seconds?: number } | undefined)?.seconds;
    return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
  const meta = (obj.metadata ?? {}) as Msg;
  const metadata: Msg = { ...meta, labels: toMap(meta.labels), annotations: toMap(meta.annotations) };
  metadata.creationTimestamp = toTime(meta.creationTimestamp);
  metadata.deletionTimestamp = toTime(meta.deletionTimestamp);
  if (Array.isArray(meta.managedFields)) {
    metadata.managedFields = (meta.managedFields as Msg[]).map((f) => {
      const raw = (f.fieldsV1 as { Raw?: string } | undefined)?.Raw;
      return {
        ...f,
        time: toTime(f.time),
        fieldsV1: raw === undefined ? undefined : (JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as unknown),
      };
    });
  }
  const out: Msg = { ...obj, metadata };
  for (const field of ['data', 'binaryData', 'stringData']) if (field in obj) out[field] = toMap(obj[field]);
  return out;
}
