// /openapi/v2 and /openapi/v3 for the resources the mock serves, built from schema.ts: what kubectl reads for
// `explain` and to learn that the server validates fields itself (the fieldValidation parameter on PATCH).
import { createHash } from 'node:crypto';
import { servedResources, type ResourceDef } from '../resources.js';
import { DEFINITIONS, definitionOf, type Definition, type Prop } from './schema.js';

type Json = Record<string, unknown>;
type RefStyle = (name: string) => string;

const V2_REF: RefStyle = (name) => `#/definitions/${name}`;
const V3_REF: RefStyle = (name) => `#/components/schemas/${name}`;
const VERSION = 'v1.33.0-ksb-mock';

function propSchema(p: Prop, refOf: RefStyle, v3: boolean): Json {
  if (p.ref) {
    // kube-apiserver's v3 documents wrap a reference in allOf so it can carry a description and default.
    return v3
      ? { description: p.description || undefined, allOf: [{ $ref: refOf(p.ref) }], default: {} }
      : { description: p.description || undefined, $ref: refOf(p.ref) };
  }
  const out: Json = { type: p.type, description: p.description || undefined };
  if (p.format) out.format = p.format;
  if (p.items) out.items = propSchema(p.items, refOf, v3);
  if (p.values) out.additionalProperties = propSchema(p.values, refOf, v3);
  return out;
}

function definitionSchema(d: Definition, refOf: RefStyle, v3: boolean): Json {
  const out: Json = {
    description: d.description,
    type: 'object',
    properties: Object.fromEntries(Object.entries(d.properties).map(([k, p]) => [k, propSchema(p, refOf, v3)])),
  };
  if (d.required) out.required = d.required;
  if (d.kind) out['x-kubernetes-group-version-kind'] = [{ group: '', kind: d.kind, version: 'v1' }];
  if (d.preserveUnknownFields) out['x-kubernetes-preserve-unknown-fields'] = true;
  return out;
}

const queryParam = (name: string, description: string, type = 'string') => ({ name, in: 'query', description, type });
const WRITE_PARAMS = [
  queryParam('dryRun', 'When present, indicates that modifications should not be persisted.'),
  queryParam('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  queryParam('fieldValidation', 'How the server treats unknown or duplicate fields: Ignore, Warn or Strict.'),
];
const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  action: string;
  id: string;
  params: Json[];
  body?: string[];
}

function operationsFor(r: ResourceDef, item: boolean): Operation[] {
  const ns = r.namespaced ? 'Namespaced' : '';
  if (!item)
    return [
      {
        method: 'get',
        action: 'list',
        id: `listCoreV1${ns}${r.kind}`,
        params: [queryParam('labelSelector', 'A selector on labels.'), queryParam('fieldSelector', 'A selector on fields.')],
      },
      {
        method: 'post',
        action: 'post',
        id: `createCoreV1${ns}${r.kind}`,
        params: WRITE_PARAMS,
        body: ['application/json', 'application/vnd.kubernetes.protobuf'],
      },
    ];
  return [
    { method: 'get', action: 'get', id: `readCoreV1${ns}${r.kind}`, params: [] },
    {
      method: 'put',
      action: 'put',
      id: `replaceCoreV1${ns}${r.kind}`,
      params: WRITE_PARAMS,
      body: ['application/json', 'application/vnd.kubernetes.protobuf'],
    },
    {
      method: 'patch',
      action: 'patch',
      id: `patchCoreV1${ns}${r.kind}`,
      params: [...WRITE_PARAMS, queryParam('force', 'Force is going to "force" Apply requests.', 'boolean')],
      body: PATCH_TYPES,
    },
    { method: 'delete', action: 'delete', id: `deleteCoreV1${ns}${r.kind}`, params: [] },
  ];
}

function paths(refOf: RefStyle, v3: boolean): Json {
  const out: Json = {};
  for (const r of servedResources()) {
    const def = definitionOf(r.kind);
    if (!def) continue;
    const base = r.namespaced ? `/api/v1/namespaces/{namespace}/${r.name}` : `/api/v1/${r.name}`;
    for (const item of [false, true]) {
      const pathParams = [
        ...(r.namespaced
          ? [{ name: 'namespace', in: 'path', required: true, type: 'string', description: 'object name and auth scope' }]
          : []),
        ...(item ? [{ name: 'name', in: 'path', required: true, type: 'string', description: `name of the ${r.kind}` }] : []),
      ];
      const ops: Json = {};
      for (const op of operationsFor(r, item)) {
        const params = [...pathParams, ...op.params].map((p) => (v3 ? v3Param(p) : p));
        const schema = { $ref: refOf(def) };
        const operation: Json = {
          operationId: op.id,
          parameters: params,
          'x-kubernetes-action': op.action,
          'x-kubernetes-group-version-kind': { group: '', kind: r.kind, version: 'v1' },
        };
        if (v3) {
          if (op.body)
            operation.requestBody = {
              content: Object.fromEntries(op.body.map((t) => [t, { schema: op.method === 'patch' ? { type: 'object' } : schema }])),
              required: true,
            };
          operation.responses = { '200': { description: 'OK', content: { 'application/json': { schema } } } };
        } else {
          if (op.body)
            operation.parameters = [
              ...params,
              { name: 'body', in: 'body', required: true, schema: op.method === 'patch' ? { type: 'object' } : schema },
            ];
          operation.consumes = op.body ?? ['*/*'];
          operation.produces = ['application/json', 'application/vnd.kubernetes.protobuf'];
          operation.responses = { '200': { description: 'OK', schema } };
        }
        ops[op.method] = operation;
      }
      out[item ? `${base}/{name}` : base] = ops;
    }
  }
  return out;
}

function v3Param(p: Json): Json {
  const { type, ...rest } = p;
  return { ...rest, schema: { type, uniqueItems: true } };
}

function schemas(refOf: RefStyle, v3: boolean): Json {
  return Object.fromEntries(Object.entries(DEFINITIONS).map(([name, d]) => [name, definitionSchema(d, refOf, v3)]));
}

export function openApiV2(): Json {
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: VERSION },
    paths: paths(V2_REF, false),
    definitions: schemas(V2_REF, false),
  };
}

export function openApiV3GroupVersion(): Json {
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: VERSION },
    paths: paths(V3_REF, true),
    components: { schemas: schemas(V3_REF, true) },
  };
}

let v3Hash: string | undefined;

/** The /openapi/v3 index: one entry per group-version, its URL carrying the document's hash as kube-apiserver's does. */
export function openApiV3Index(): Json {
  v3Hash ??= createHash('sha512').update(JSON.stringify(openApiV3GroupVersion())).digest('hex').slice(0, 128).toUpperCase();
  return { paths: { 'api/v1': { serverRelativeURL: `/openapi/v3/api/v1?hash=${v3Hash}` } } };
}
