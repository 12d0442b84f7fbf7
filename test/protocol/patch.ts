// PATCH in each type kubectl sends, events with their field selectors, and what is not served: on the mock and the
// local kube-apiserver alike.
import type { TestFn } from 'ava';
import { createNamespace, raw, uniqueNamespace } from '../helpers/raw.js';
import type { TestTarget } from '../helpers/target.js';
import type { SuiteContext } from './suite.js';

const patch = (target: TestTarget, path: string, type: string, body: unknown) =>
  raw(target, 'PATCH', path, { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': type } });

export function registerPatchTests(test: TestFn<SuiteContext>): void {
  test('PATCH: JSON patch (RFC 6902) applies all operations or none, strategic merge, merge, and server-side apply creating and updating', async (t) => {
    const target = t.context.target;
    const ns = uniqueNamespace('patch');
    await createNamespace(target, ns);
    const path = `/api/v1/namespaces/${ns}/configmaps/p`;
    const created = await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, {
      body: { metadata: { name: 'p', finalizers: ['example.com/a'] }, data: { a: '1', b: '2' } },
    });
    t.is(created.status, 201);

    const ops = [
      { op: 'test', path: '/data/a', value: '1' },
      { op: 'add', path: '/data/c', value: '3' },
      { op: 'replace', path: '/data/a', value: 'one' },
      { op: 'remove', path: '/data/b' },
      { op: 'add', path: '/metadata/labels', value: { l: 'x' } },
    ];
    const json = await patch(target, path, 'application/json-patch+json', ops);
    t.is(json.status, 200, json.body.toString());
    t.deepEqual(json.json().data, { a: 'one', c: '3' });
    t.deepEqual(json.json().metadata.labels, { l: 'x' });

    const failing = [
      { op: 'add', path: '/data/d', value: '4' },
      { op: 'test', path: '/data/a', value: 'not this' },
    ];
    const refused = await patch(target, path, 'application/json-patch+json', failing);
    t.is(refused.status, 422);
    t.like(refused.json(), { kind: 'Status', reason: 'Invalid', code: 422 });
    t.is((await raw(target, 'GET', path)).json().data.d, undefined, 'a failing patch changes nothing');
    t.is((await patch(target, path, 'application/json-patch+json', { op: 'add' })).status, 400, 'a JSON patch is an array');

    const strategic = await patch(target, path, 'application/strategic-merge-patch+json', {
      metadata: { finalizers: ['example.com/b'] },
      data: { c: null, e: '5' },
    });
    t.is(strategic.status, 200, strategic.body.toString());
    t.deepEqual(strategic.json().data, { a: 'one', e: '5' });
    t.deepEqual(strategic.json().metadata.finalizers, ['example.com/b', 'example.com/a'], "finalizers merge as a set, the patch's first");

    const merge = await patch(target, path, 'application/merge-patch+json', { metadata: { finalizers: ['example.com/c'] } });
    t.deepEqual(merge.json().metadata.finalizers, ['example.com/c'], 'a merge patch replaces lists');

    const applyPath = `/api/v1/namespaces/${ns}/configmaps/applied`;
    const yaml = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: "${v}"\n`;
    const noManager = await patch(target, applyPath, 'application/apply-patch+yaml', yaml('1'));
    t.is(noManager.status, 422);
    t.like(noManager.json(), {
      reason: 'Invalid',
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    });
    const first = await patch(target, `${applyPath}?fieldManager=ksb-test`, 'application/apply-patch+yaml', yaml('1'));
    t.is(first.status, 201, first.body.toString());
    const second = await patch(target, `${applyPath}?fieldManager=ksb-test`, 'application/apply-patch+yaml', yaml('2'));
    t.is(second.status, 200, second.body.toString());
    t.is(second.json().data.k, '2');

    t.is((await patch(target, `/api/v1/namespaces/${ns}/configmaps/absent`, 'application/merge-patch+json', {})).status, 404);
    t.like((await patch(target, path, 'text/plain', '{}')).json(), { reason: 'UnsupportedMediaType', code: 415 });
  });

  test('events: created and listed with involvedObject field selectors, as kubectl describe asks; unknown fields are 400', async (t) => {
    const target = t.context.target;
    const ns = uniqueNamespace('ev');
    await createNamespace(target, ns);
    const event = (name: string, involved: string) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name },
      involvedObject: { kind: 'ConfigMap', namespace: ns, name: involved, apiVersion: 'v1' },
      reason: 'Tested',
      message: `about ${involved}`,
      type: 'Normal',
      source: { component: 'ksb-test' },
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:00:00Z',
      count: 1,
    });
    for (const [name, involved] of [
      ['e1', 'x'],
      ['e2', 'y'],
    ])
      t.is((await raw(target, 'POST', `/api/v1/namespaces/${ns}/events`, { body: event(name!, involved!) })).status, 201);
    const selector = encodeURIComponent(`involvedObject.name=x,involvedObject.namespace=${ns},involvedObject.kind=ConfigMap`);
    const list = await raw(target, 'GET', `/api/v1/namespaces/${ns}/events?fieldSelector=${selector}`);
    t.is(list.status, 200, list.body.toString());
    t.deepEqual(
      list.json().items.map((e: { metadata: { name: string } }) => e.metadata.name),
      ['e1'],
    );
    t.is(list.json().kind, 'EventList');
    const bySource = await raw(target, 'GET', `/api/v1/namespaces/${ns}/events?fieldSelector=source%3Dksb-test,type%3DNormal`);
    t.is(bySource.json().items.length, 2);
    const unknown = await raw(target, 'GET', `/api/v1/namespaces/${ns}/events?fieldSelector=message%3Dx`);
    t.is(unknown.status, 400);
    t.like(unknown.json(), { kind: 'Status', reason: 'BadRequest', message: 'field label not supported: message' });
  });

  test('fieldValidation: Strict refuses fields the schema does not have (400; in a patch 422), Warn (the default) answers with a Warning header, Ignore is silent', async (t) => {
    const target = t.context.target;
    const ns = uniqueNamespace('fv');
    await createNamespace(target, ns);
    const post = (query: string, name: string, extra: Record<string, unknown>) =>
      raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps${query}`, { body: { metadata: { name }, data: { k: 'v' }, ...extra } });
    const strict = await post('?fieldValidation=Strict', 'a', { bogus: 1, metadata: { name: 'a', bogusMeta: 'x' } });
    t.is(strict.status, 400);
    t.like(strict.json(), {
      reason: 'BadRequest',
      message:
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.bogusMeta", unknown field "bogus"',
    });
    const warned = await post('', 'b', { bogus: 1 });
    t.is(warned.status, 201);
    t.is(warned.headers.warning, '299 - "unknown field \\"bogus\\""');
    const ignored = await post('?fieldValidation=Ignore', 'c', { bogus: 1 });
    t.is(ignored.status, 201);
    t.is(ignored.headers.warning, undefined);
    const patched = await raw(target, 'PATCH', `/api/v1/namespaces/${ns}/configmaps/c?fieldValidation=Strict`, {
      body: { bogus: 2 },
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    t.is(patched.status, 422, patched.body.toString());
    t.like(patched.json(), { reason: 'Invalid', details: { causes: [{ reason: 'FieldValueInvalid', field: 'patch' }] } });
    t.regex(patched.json().message, /^ "" is invalid: patch: Invalid value: ".*": strict decoding error: unknown field "bogus"$/);
  });

  test('DELETE answers a Success Status naming the object, in JSON and protobuf; a namespace answers with itself', async (t) => {
    const target = t.context.target;
    const ns = uniqueNamespace('del');
    await createNamespace(target, ns);
    for (const name of ['a', 'b'])
      await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, { body: { metadata: { name }, data: { k: 'v' } } });
    const uid = (await raw(target, 'GET', `/api/v1/namespaces/${ns}/configmaps/a`)).json().metadata.uid as string;
    const deleted = await raw(target, 'DELETE', `/api/v1/namespaces/${ns}/configmaps/a`);
    t.is(deleted.status, 200);
    t.deepEqual(deleted.json(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'a', kind: 'configmaps', uid },
    });
    const protobuf = await raw(target, 'DELETE', `/api/v1/namespaces/${ns}/configmaps/b`, {
      headers: { Accept: 'application/vnd.kubernetes.protobuf' },
    });
    t.is(protobuf.status, 200);
    t.is(protobuf.headers['content-type'], 'application/vnd.kubernetes.protobuf');
    t.true(protobuf.body.includes(Buffer.from('Success')));
    const namespace = await raw(target, 'DELETE', `/api/v1/namespaces/${ns}`);
    t.is(namespace.status, 200);
    t.like(namespace.json(), { kind: 'Namespace', metadata: { name: ns } });
  });

  test("what the target does not serve is 404: a NotFound Status inside /api, the plain mux's text for a group it does not serve", async (t) => {
    const target = t.context.target;
    for (const path of ['/api/v1/namespaces/default/widgets', '/api/v2/things']) {
      const r = await raw(target, 'GET', path);
      t.is(r.status, 404, path);
      t.deepEqual(
        r.json(),
        {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'the server could not find the requested resource',
          reason: 'NotFound',
          details: {},
          code: 404,
        },
        path,
      );
    }
    // A disabled group (storagemigration.k8s.io is alpha, off by default) and one that does not exist.
    for (const path of ['/apis/storagemigration.k8s.io/v1alpha1/storageversionmigrations', '/apis/no.such.group/v1']) {
      const r = await raw(target, 'GET', path);
      t.is(r.status, 404, path);
      t.is(r.headers['content-type'], 'text/plain; charset=utf-8', path);
      t.is(r.body.toString(), '404 page not found\n', path);
    }
    const root = await raw(target, 'GET', '/');
    t.is(root.status, 200);
    for (const path of ['/api', '/api/v1', '/apis', '/version', '/openapi/v3'])
      t.true((root.json().paths as string[]).includes(path), path);
  });
}
