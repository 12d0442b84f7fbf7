// The typed form of the objects the mock knows a schema for (Secret, ConfigMap, Namespace): what
// kube-apiserver keeps after decoding a request (unknown fields dropped, defaults applied), and its JSON
// as Go's encoding/json writes it (struct field order, omitempty, sorted map keys, HTML-safe escapes).
import { errors } from './status.js';

export type Entries = [string, string][];

interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  apiVersion: string;
  time?: string;
  fieldsType: string;
  /** FieldsV1 as the JSON text the client sent. */
  fieldsV1?: string;
  subresource: string;
}

export interface ObjectMeta {
  name: string;
  generateName: string;
  namespace: string;
  selfLink: string;
  uid: string;
  resourceVersion: string;
  generation: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels: Entries;
  annotations: Entries;
  ownerReferences: OwnerReference[];
  finalizers: string[];
  managedFields: ManagedFieldsEntry[];
}

interface NamespaceCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

export type CanonicalObject =
  | { kind: 'Secret'; metadata: ObjectMeta; immutable?: boolean; data: Entries; type: string }
  | { kind: 'ConfigMap'; metadata: ObjectMeta; immutable?: boolean; data: Entries; binaryData: Entries }
  | {
      kind: 'Namespace';
      metadata: ObjectMeta;
      spec: { finalizers: string[] };
      status: { phase: string; conditions: NamespaceCondition[] };
    };

export type CanonicalKind = CanonicalObject['kind'];

export function hasSchema(kind: string): kind is CanonicalKind {
  return kind === 'Secret' || kind === 'ConfigMap' || kind === 'Namespace';
}

type Loose = Record<string, unknown>;

/** Reads a loosely typed JSON value the way Go's decoder would, or fails with the apiserver's 400. */
class Reader {
  constructor(private readonly kind: string) {}

  fail(path: string, expected: string): never {
    throw errors.badRequest(
      `${this.kind} in version "v1" cannot be handled as a ${this.kind}: json: cannot unmarshal into Go struct field ${this.kind}.${path} of type ${expected}`,
    );
  }
  object(v: unknown, path: string): Loose {
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) this.fail(path, 'object');
    return v as Loose;
  }
  string(v: unknown, path: string): string {
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') this.fail(path, 'string');
    return v;
  }
  optionalBool(v: unknown, path: string): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') this.fail(path, 'bool');
    return v;
  }
  int(v: unknown, path: string): number {
    if (v === undefined || v === null) return 0;
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(path, 'int64');
    return v;
  }
  time(v: unknown, path: string): string | undefined {
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) this.fail(path, 'v1.Time');
    return formatTime(Date.parse(v) / 1000);
  }
  array(v: unknown, path: string): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(path, 'array');
    return v;
  }
  strings(v: unknown, path: string): string[] {
    return this.array(v, path).map((s, i) => this.string(s, `${path}[${i}]`));
  }
  entries(v: unknown, path: string, base64 = false): Entries {
    const out: Entries = Object.entries(this.object(v, path)).map(([k, val]) => [k, this.string(val, `${path}[${k}]`)]);
    if (base64) for (const [k, val] of out) if (!isBase64(val)) this.fail(`${path}[${k}]`, '[]uint8 (illegal base64 data)');
    return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

function isBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

/** RFC 3339 at second precision, as metav1.Time marshals. */
function formatTime(unixSeconds: number): string {
  return new Date(Math.floor(unixSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function readMeta(r: Reader, v: unknown): ObjectMeta {
  const m = r.object(v, 'metadata');
  return {
    name: r.string(m.name, 'metadata.name'),
    generateName: r.string(m.generateName, 'metadata.generateName'),
    namespace: r.string(m.namespace, 'metadata.namespace'),
    selfLink: r.string(m.selfLink, 'metadata.selfLink'),
    uid: r.string(m.uid, 'metadata.uid'),
    resourceVersion: r.string(m.resourceVersion, 'metadata.resourceVersion'),
    generation: r.int(m.generation, 'metadata.generation'),
    creationTimestamp: r.time(m.creationTimestamp, 'metadata.creationTimestamp'),
    deletionTimestamp: r.time(m.deletionTimestamp, 'metadata.deletionTimestamp'),
    deletionGracePeriodSeconds:
      m.deletionGracePeriodSeconds == null ? undefined : r.int(m.deletionGracePeriodSeconds, 'metadata.deletionGracePeriodSeconds'),
    labels: r.entries(m.labels, 'metadata.labels'),
    annotations: r.entries(m.annotations, 'metadata.annotations'),
    ownerReferences: r.array(m.ownerReferences, 'metadata.ownerReferences').map((o, i) => {
      const ref = r.object(o, `metadata.ownerReferences[${i}]`);
      const p = `metadata.ownerReferences[${i}]`;
      return {
        apiVersion: r.string(ref.apiVersion, `${p}.apiVersion`),
        kind: r.string(ref.kind, `${p}.kind`),
        name: r.string(ref.name, `${p}.name`),
        uid: r.string(ref.uid, `${p}.uid`),
        controller: r.optionalBool(ref.controller, `${p}.controller`),
        blockOwnerDeletion: r.optionalBool(ref.blockOwnerDeletion, `${p}.blockOwnerDeletion`),
      };
    }),
    finalizers: r.strings(m.finalizers, 'metadata.finalizers'),
    managedFields: r.array(m.managedFields, 'metadata.managedFields').map((e, i) => {
      const f = r.object(e, `metadata.managedFields[${i}]`);
      const p = `metadata.managedFields[${i}]`;
      return {
        manager: r.string(f.manager, `${p}.manager`),
        operation: r.string(f.operation, `${p}.operation`),
        apiVersion: r.string(f.apiVersion, `${p}.apiVersion`),
        time: r.time(f.time, `${p}.time`),
        fieldsType: r.string(f.fieldsType, `${p}.fieldsType`),
        fieldsV1: f.fieldsV1 == null ? undefined : JSON.stringify(r.object(f.fieldsV1, `${p}.fieldsV1`)),
        subresource: r.string(f.subresource, `${p}.subresource`),
      };
    }),
  };
}

/**
 * Decodes a JSON object into the typed form, applying the defaults kube-apiserver applies on write:
 * Secret type Opaque and stringData merged into data; a Namespace's name label, finalizer and phase.
 */
export function canonicalize(kind: CanonicalKind, obj: Loose): CanonicalObject {
  const r = new Reader(kind);
  const metadata = readMeta(r, obj.metadata);
  switch (kind) {
    case 'Secret': {
      const data = new Map(r.entries(obj.data, 'data', true));
      for (const [k, v] of r.entries(obj.stringData, 'stringData')) data.set(k, Buffer.from(v).toString('base64'));
      const merged = [...data].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return {
        kind,
        metadata,
        immutable: r.optionalBool(obj.immutable, 'immutable'),
        data: merged,
        type: r.string(obj.type, 'type') || 'Opaque',
      };
    }
    case 'ConfigMap':
      return {
        kind,
        metadata,
        immutable: r.optionalBool(obj.immutable, 'immutable'),
        data: r.entries(obj.data, 'data'),
        binaryData: r.entries(obj.binaryData, 'binaryData', true),
      };
    case 'Namespace': {
      const spec = r.object(obj.spec, 'spec');
      const status = r.object(obj.status, 'status');
      const labels = new Map(metadata.labels);
      labels.set('kubernetes.io/metadata.name', metadata.name);
      metadata.labels = [...labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const finalizers = r.strings(spec.finalizers, 'spec.finalizers');
      return {
        kind,
        metadata,
        spec: { finalizers: finalizers.length ? finalizers : ['kubernetes'] },
        status: {
          phase: r.string(status.phase, 'status.phase') || 'Active',
          conditions: r.array(status.conditions, 'status.conditions').map((c, i) => {
            const o = r.object(c, `status.conditions[${i}]`);
            const p = `status.conditions[${i}]`;
            return {
              type: r.string(o.type, `${p}.type`),
              status: r.string(o.status, `${p}.status`),
              lastTransitionTime: r.time(o.lastTransitionTime, `${p}.lastTransitionTime`),
              reason: r.string(o.reason, `${p}.reason`),
              message: r.string(o.message, `${p}.message`),
            };
          }),
        },
      };
    }
  }
}

// Control characters must be escaped in JSON, so the pattern names them on purpose.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029\ud800-\udfff]/;

/** A JSON string as Go's encoding/json writes it: <, > and & escaped, and U+2028/U+2029. */
function str(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`; // the common case, and most of the bytes: nothing to escape
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Writes `"name":value` members, leaving out those that are undefined (omitempty). */
function members(fields: [string, string | undefined][]): string {
  return `{${fields
    .filter((f): f is [string, string] => f[1] !== undefined)
    .map(([k, v]) => `${str(k)}:${v}`)
    .join(',')}}`;
}

const nonEmpty = (s: string) => (s ? str(s) : undefined);
const entriesJson = (e: Entries) => (e.length ? `{${e.map(([k, v]) => `${str(k)}:${str(v)}`).join(',')}}` : undefined);
/** Base64 values were validated on decode: nothing in them needs escaping, and they are most of the bytes. */
const base64EntriesJson = (e: Entries) => (e.length ? `{${e.map(([k, v]) => `${str(k)}:"${v}"`).join(',')}}` : undefined);
const listJson = <T>(a: T[], f: (x: T) => string) => (a.length ? `[${a.map(f).join(',')}]` : undefined);
const boolJson = (b: boolean | undefined) => (b === undefined ? undefined : String(b));

function metaJson(m: ObjectMeta): string {
  return members([
    ['name', nonEmpty(m.name)],
    ['generateName', nonEmpty(m.generateName)],
    ['namespace', nonEmpty(m.namespace)],
    ['selfLink', nonEmpty(m.selfLink)],
    ['uid', nonEmpty(m.uid)],
    ['resourceVersion', nonEmpty(m.resourceVersion)],
    ['generation', m.generation ? String(m.generation) : undefined],
    ['creationTimestamp', m.creationTimestamp ? str(m.creationTimestamp) : 'null'],
    ['deletionTimestamp', m.deletionTimestamp ? str(m.deletionTimestamp) : undefined],
    ['deletionGracePeriodSeconds', m.deletionGracePeriodSeconds === undefined ? undefined : String(m.deletionGracePeriodSeconds)],
    ['labels', entriesJson(m.labels)],
    ['annotations', entriesJson(m.annotations)],
    [
      'ownerReferences',
      listJson(m.ownerReferences, (o) =>
        members([
          ['apiVersion', str(o.apiVersion)],
          ['kind', str(o.kind)],
          ['name', str(o.name)],
          ['uid', str(o.uid)],
          ['controller', boolJson(o.controller)],
          ['blockOwnerDeletion', boolJson(o.blockOwnerDeletion)],
        ]),
      ),
    ],
    ['finalizers', listJson(m.finalizers, str)],
    [
      'managedFields',
      listJson(m.managedFields, (f) =>
        members([
          ['manager', nonEmpty(f.manager)],
          ['operation', nonEmpty(f.operation)],
          ['apiVersion', nonEmpty(f.apiVersion)],
          ['time', f.time ? str(f.time) : undefined],
          ['fieldsType', nonEmpty(f.fieldsType)],
          ['fieldsV1', f.fieldsV1],
          ['subresource', nonEmpty(f.subresource)],
        ]),
      ),
    ],
  ]);
}

/** The object's JSON as a list item: no kind or apiVersion, as kube-apiserver writes list items. */
export function itemJson(o: CanonicalObject): string {
  switch (o.kind) {
    case 'Secret':
      return members([
        ['metadata', metaJson(o.metadata)],
        ['immutable', boolJson(o.immutable)],
        ['data', base64EntriesJson(o.data)],
        ['type', nonEmpty(o.type)],
      ]);
    case 'ConfigMap':
      return members([
        ['metadata', metaJson(o.metadata)],
        ['immutable', boolJson(o.immutable)],
        ['data', entriesJson(o.data)],
        ['binaryData', base64EntriesJson(o.binaryData)],
      ]);
    case 'Namespace':
      return members([
        ['metadata', metaJson(o.metadata)],
        ['spec', members([['finalizers', listJson(o.spec.finalizers, str)]])],
        [
          'status',
          members([
            ['phase', nonEmpty(o.status.phase)],
            [
              'conditions',
              listJson(o.status.conditions, (c) =>
                members([
                  ['type', str(c.type)],
                  ['status', str(c.status)],
                  ['lastTransitionTime', c.lastTransitionTime ? str(c.lastTransitionTime) : 'null'],
                  ['reason', nonEmpty(c.reason)],
                  ['message', nonEmpty(c.message)],
                ]),
              ),
            ],
          ]),
        ],
      ]);
  }
}
