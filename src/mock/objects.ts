// Admission of a request body into a stored object: kind checks, name validation, server-set metadata.
import { isAscii } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { canonicalize, hasSchema, itemJson } from './canonical.js';
import { encodeObject } from './protobuf/convert.js';
import { listItemHeader } from './protobuf/wire.js';
import type { ResourceDef } from './resources.js';
import { errors, fieldErrors, type FieldError } from './status.js';
import { objectKey, type StoredObject } from './store.js';

export type KubeObject = {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: {
    name?: unknown;
    generateName?: unknown;
    namespace?: unknown;
    labels?: unknown;
    resourceVersion?: unknown;
    uid?: unknown;
    creationTimestamp?: unknown;
    [k: string]: unknown;
  };
  [k: string]: unknown;
};

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function parseBody(raw: Buffer): KubeObject {
  let body: unknown;
  try {
    // Most bodies are ASCII (base64 data): latin1 then reads them as one-byte characters, several times faster than
    // UTF-8 decoding, with the same result.
    body = JSON.parse(raw.toString(isAscii(raw) ? 'latin1' : 'utf8'));
  } catch (e) {
    throw errors.badRequest(`the object provided is unrecognized (must be of type Object): ${(e as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw errors.badRequest('the object provided is unrecognized (must be of type Object)');
  }
  return body as KubeObject;
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}

function validateName(def: ResourceDef, name: string): FieldError[] {
  const nameRule = def.name === 'namespaces' ? DNS_LABEL : DNS_SUBDOMAIN;
  const max = def.name === 'namespaces' ? 63 : 253;
  if (!nameRule.test(name) || name.length > max) {
    const what = def.name === 'namespaces' ? 'a lowercase RFC 1123 label' : 'a lowercase RFC 1123 subdomain';
    return [
      fieldErrors.invalid(
        'metadata.name',
        name,
        `${what} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      ),
    ];
  }
  return [];
}

function validateLabels(labels: unknown): FieldError[] {
  if (labels === undefined) return [];
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    return [fieldErrors.invalid('metadata.labels', labels, 'must be a map of string keys to string values')];
  }
  return Object.entries(labels as Record<string, unknown>)
    .filter(([, v]) => typeof v !== 'string')
    .map(([k, v]) => fieldErrors.invalid(`metadata.labels`, v, `value of label "${k}" must be a string`));
}

const MAX_DATA_BYTES = 1024 * 1024; // ConfigMap and Secret payload limit (validation, before etcd)
const MAX_ANNOTATION_BYTES = 256 * 1024;

function mapBytes(m: unknown, decodeBase64: boolean): number {
  if (typeof m !== 'object' || m === null) return 0;
  let n = 0;
  for (const [k, v] of Object.entries(m as Record<string, unknown>)) {
    n += k.length + (typeof v !== 'string' ? 0 : decodeBase64 ? Buffer.byteLength(v, 'base64') : Buffer.byteLength(v));
  }
  return n;
}

/** The size limits kube-apiserver's validation enforces (422 FieldValueTooLong), with its field paths. */
function validateSizes(def: ResourceDef, body: KubeObject, meta: NonNullable<KubeObject['metadata']>): FieldError[] {
  const errs: FieldError[] = [];
  const tooLong = (field: string, max: number): FieldError => ({
    field,
    reason: 'FieldValueTooLong',
    detail: `Too long: may not be more than ${max} bytes`,
  });
  if (mapBytes(meta.annotations, false) > MAX_ANNOTATION_BYTES) errs.push(tooLong('metadata.annotations', MAX_ANNOTATION_BYTES));
  if (def.name === 'configmaps' && mapBytes(body.data, false) + mapBytes(body.binaryData, true) > MAX_DATA_BYTES)
    errs.push(tooLong('[]', MAX_DATA_BYTES));
  if (def.name === 'secrets' && mapBytes(body.data, true) + mapBytes(body.stringData, false) > MAX_DATA_BYTES)
    errs.push(tooLong('data', MAX_DATA_BYTES));
  return errs;
}

/**
 * kube-apiserver's rule for the body's namespace against the request's (creates and updates alike): an
 * unset or empty namespace takes the request's (client-go's protobuf bodies always carry ""), a different
 * non-empty one is 400, and a cluster-scoped object's namespace is ignored (cleared).
 */
function checkNamespace(def: ResourceDef, bodyNamespace: unknown, requestNamespace: string): void {
  if (!def.namespaced || bodyNamespace === undefined || bodyNamespace === null || bodyNamespace === '') return;
  if (typeof bodyNamespace !== 'string') {
    throw errors.badRequest(
      `${def.kind} in version "v1" cannot be handled as a ${def.kind}: json: cannot unmarshal ${jsonTypeOf(bodyNamespace)} into Go struct field ObjectMeta.metadata.namespace of type string`,
    );
  }
  if (bodyNamespace !== requestNamespace) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

function jsonTypeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

export interface AdmitContext {
  def: ResourceDef;
  namespace: string; // '' for cluster-scoped
  urlName?: string; // for updates
  existing?: StoredObject;
}

/**
 * Checks the body and fills server-owned metadata. Returns the object with metadata ready except
 * resourceVersion, which the store assigns.
 */
const printable = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export function admit(body: KubeObject, ctx: AdmitContext): { obj: KubeObject; name: string; labels: Record<string, string> } {
  const { def } = ctx;
  if (body.kind !== undefined && body.kind !== def.kind) {
    throw errors.badRequest(
      `${def.name} in version "v1" cannot be handled as a ${def.kind}: kind "${printable(body.kind)}" does not match "${def.kind}"`,
    );
  }
  if (body.apiVersion !== undefined && body.apiVersion !== 'v1') {
    throw errors.badRequest(`the API version in the data (${printable(body.apiVersion)}) does not match the expected API version (v1)`);
  }
  const meta: NonNullable<KubeObject['metadata']> = body.metadata && typeof body.metadata === 'object' ? { ...body.metadata } : {};
  checkNamespace(def, meta.namespace, ctx.namespace);
  let name = typeof meta.name === 'string' ? meta.name : '';
  if (ctx.urlName !== undefined && name !== ctx.urlName) {
    throw errors.badRequest(`the name of the object (${name}) does not match the name on the URL (${ctx.urlName})`);
  }
  if (!name && typeof meta.generateName === 'string' && meta.generateName) name = meta.generateName + randomSuffix();
  const problems: FieldError[] = name
    ? validateName(def, name)
    : [fieldErrors.required('metadata.name', 'name or generateName is required')];
  problems.push(...validateLabels(meta.labels), ...validateSizes(def, body, meta));
  if (problems.length) throw errors.invalid(def.kind, '', name, problems);

  meta.name = name;
  if (def.namespaced) meta.namespace = ctx.namespace;
  else delete meta.namespace;
  meta.uid = ctx.existing ? uidOf(ctx.existing) : randomUUID();
  meta.creationTimestamp = ctx.existing ? creationOf(ctx.existing) : new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const { kind: _k, apiVersion: _a, metadata: _m, ...rest } = body;
  void _k;
  void _a;
  void _m;
  return { obj: { metadata: meta, ...rest }, name, labels: (meta.labels as Record<string, string>) ?? {} };
}

function metaOf(o: StoredObject): Record<string, unknown> {
  return (JSON.parse(o.item.toString('utf8')) as { metadata: Record<string, unknown> }).metadata;
}
function uidOf(o: StoredObject): string {
  return String(metaOf(o).uid);
}
function creationOf(o: StoredObject): string {
  return String(metaOf(o).creationTimestamp);
}

/**
 * Serializes an admitted object as a list item with its resourceVersion set. Kinds with a schema are decoded
 * as kube-apiserver decodes them (unknown fields dropped, defaults applied) and written in Go's JSON order.
 */
export function toStored(
  def: ResourceDef,
  namespace: string,
  name: string,
  labels: Record<string, string>,
  obj: KubeObject,
  rv: number,
): StoredObject {
  const withRV = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
  if (!hasSchema(def.kind)) {
    const item = Buffer.from(JSON.stringify(withRV));
    const stored: StoredObject = { resource: def.name, key: objectKey(namespace, name), namespace, name, labels, rv, item };
    if (def.selectableFields) stored.fields = fieldValues(withRV, def.selectableFields);
    return stored;
  }
  const canonical = canonicalize(def.kind, withRV);
  const item = Buffer.from(itemJson(canonical));
  // Both encodings are built at write time, so a LIST in either only copies bytes and a run's memory growth
  // is the serving's, not the building of a cache on first use.
  const message = encodeObject(canonical);
  const protobuf = { header: listItemHeader(message.length), message };
  const stored = { resource: def.name, key: objectKey(namespace, name), namespace, name, rv, item, protobuf };
  return { ...stored, labels: Object.fromEntries(canonical.metadata.labels) };
}

/** The values of dotted field paths (`involvedObject.name`); `source` is an event's source.component. */
function fieldValues(obj: KubeObject, paths: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of paths) {
    let v: unknown = obj;
    for (const part of path === 'source' ? ['source', 'component'] : path.split('.')) {
      v = typeof v === 'object' && v !== null && Object.hasOwn(v, part) ? (v as Record<string, unknown>)[part] : undefined;
    }
    if (typeof v === 'string') out[path] = v;
  }
  return out;
}

/** The object as GET and watch events show it: kind and apiVersion first, then the item's fields. */
export function withTypeMeta(def: ResourceDef, item: Buffer): Buffer {
  const head = Buffer.from(`{"kind":"${def.kind}","apiVersion":"v1",`);
  return Buffer.concat([head, item.subarray(1)]);
}

/** The object's state at deletion: same content, the deletion's resourceVersion. */
export function deletedState(def: ResourceDef, prev: StoredObject, rv: number): StoredObject {
  const obj = JSON.parse(prev.item.toString('utf8')) as KubeObject;
  return toStored(def, prev.namespace, prev.name, prev.labels, obj, rv);
}

/** RFC 7386 JSON merge patch. Keys such as `__proto__` are stored as plain fields, never as prototypes. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else
      Object.defineProperty(out, k, {
        value: mergePatch(Object.hasOwn(out, k) ? out[k] : undefined, v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}
