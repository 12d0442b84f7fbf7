// The body's metadata.namespace against the request's, as kube-apiserver's rest.EnsureObjectNamespaceMatchesRequestNamespace
// decides it for creates and updates: unset or "" takes the request's, a different non-empty one is 400, a
// cluster-scoped object's namespace is cleared. Run on the mock and the local kube-apiserver alike.
import type { TestFn } from 'ava';
import { createNamespace, raw, uniqueNamespace } from '../helpers/raw.js';
import type { SuiteContext } from './suite.js';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const MISMATCH = 'the namespace of the provided object does not match the namespace sent on the request';

const field = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag]), varint(body.length), body]);
function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
const str = (tag: number, s: string) => field(tag, Buffer.from(s));

/**
 * A ConfigMap body as client-go v0.34's typed client writes `&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}}`
 * in protobuf, built here byte by byte (not with the mock's encoder): gogo-protobuf writes every non-pointer field,
 * so namespace arrives as "" (field 3, length 0), never absent.
 */
function clientGoConfigMap(name: string, namespace = ''): Buffer {
  const meta = Buffer.concat([
    str(0x0a, name), // name
    str(0x12, ''), // generateName
    str(0x1a, namespace), // namespace
    str(0x22, ''), // selfLink
    str(0x2a, ''), // uid
    str(0x32, ''), // resourceVersion
    Buffer.from([0x38, 0x00]), // generation: 0
    field(0x42, Buffer.alloc(0)), // creationTimestamp: the zero Time, an empty message
  ]);
  const configMap = field(0x0a, meta); // data, binaryData empty; immutable nil
  const typeMeta = Buffer.concat([str(0x0a, 'v1'), str(0x12, 'ConfigMap')]);
  const unknown = Buffer.concat([field(0x0a, typeMeta), field(0x12, configMap), str(0x1a, ''), str(0x22, '')]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}

type Body = { json: unknown } | { protobuf: Buffer };
interface Case {
  what: string;
  method: 'POST' | 'PUT';
  /** The object's name, for the URL of an update. */
  name?: string;
  resource: 'configmaps' | 'namespaces';
  body: (ns: string) => Body;
  status: number;
  /** The namespace the stored object must have (configmaps), or that it must have none (namespaces: ''). */
  stored?: (ns: string) => string;
}

const cm = (name: string, namespace?: unknown) => ({ json: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } } });

const CASES: Case[] = [
  { what: 'JSON create, namespace unset', method: 'POST', resource: 'configmaps', body: () => cm('a'), status: 201, stored: (ns) => ns },
  { what: 'JSON create, namespace ""', method: 'POST', resource: 'configmaps', body: () => cm('b', ''), status: 201, stored: (ns) => ns },
  {
    what: 'JSON create, same namespace',
    method: 'POST',
    resource: 'configmaps',
    body: (ns) => cm('c', ns),
    status: 201,
    stored: (ns) => ns,
  },
  { what: 'JSON create, other namespace', method: 'POST', resource: 'configmaps', body: () => cm('d', 'elsewhere'), status: 400 },
  {
    what: 'protobuf create as client-go writes it (namespace "")',
    method: 'POST',
    resource: 'configmaps',
    body: () => ({ protobuf: clientGoConfigMap('e') }),
    status: 201,
    stored: (ns) => ns,
  },
  {
    what: 'protobuf create, other namespace',
    method: 'POST',
    resource: 'configmaps',
    body: () => ({ protobuf: clientGoConfigMap('f', 'elsewhere') }),
    status: 400,
  },
  {
    what: 'JSON update, namespace ""',
    method: 'PUT',
    name: 'a',
    resource: 'configmaps',
    body: () => cm('a', ''),
    status: 200,
    stored: (ns) => ns,
  },
  { what: 'JSON update, other namespace', method: 'PUT', name: 'a', resource: 'configmaps', body: () => cm('a', 'elsewhere'), status: 400 },
  {
    what: 'protobuf update as client-go writes it (namespace "")',
    method: 'PUT',
    name: 'e',
    resource: 'configmaps',
    body: () => ({ protobuf: clientGoConfigMap('e') }),
    status: 200,
    stored: (ns) => ns,
  },
  {
    what: 'cluster-scoped create with a namespace: cleared',
    method: 'POST',
    resource: 'namespaces',
    body: (ns) => ({ json: { metadata: { name: `${ns}-x`, namespace: 'ignored' } } }),
    status: 201,
    stored: () => '',
  },
];

export function registerNamespaceTests(test: TestFn<SuiteContext>): void {
  test('metadata.namespace: unset or "" takes the request\'s, another is 400, cluster-scoped ignores it (JSON and protobuf, create and update)', async (t) => {
    const target = t.context.target;
    const ns = uniqueNamespace('nsrule');
    await createNamespace(target, ns);
    for (const c of CASES) {
      const body = c.body(ns);
      const base = c.resource === 'namespaces' ? '/api/v1/namespaces' : `/api/v1/namespaces/${ns}/configmaps`;
      const path = c.method === 'PUT' ? `${base}/${c.name}` : base;
      const r = await raw(target, c.method, path, {
        body: 'json' in body ? body.json : body.protobuf,
        headers: 'json' in body ? {} : { 'Content-Type': PROTOBUF, Accept: 'application/json' },
      });
      t.is(r.status, c.status, `${c.what}: ${r.body.toString('latin1').slice(0, 300)}`);
      if (c.status === 400) t.like(r.json(), { kind: 'Status', reason: 'BadRequest', code: 400, message: MISMATCH }, c.what);
      if (c.stored) {
        const got = r.json().metadata as { namespace?: string };
        t.is(got.namespace ?? '', c.stored(ns), c.what);
      }
    }
    if (target.kind === 'mock') t.is((await raw(target, 'GET', '/healthz')).status, 200);
  });
}
