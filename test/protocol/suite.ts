// Protocol tests that every target must pass: the mock and the real kube-apiserver run the same ones,
// so a difference between them shows up as a failing test.
import type { TestFn } from 'ava';
import { CoreV1Api, makeInformer, type V1ConfigMap } from '@kubernetes/client-node';
import { createNamespace, raw, uniqueNamespace, wsWatch } from '../helpers/raw.js';
import { kubeConfigFor, type TestTarget } from '../helpers/target.js';
import { registerNamespaceTests } from './namespace.js';
import { registerPatchTests } from './patch.js';
import { registerTableTests } from './table.js';
import { registerNegotiationTests, registerWireTests } from './wire.js';

export type SuiteContext = { target: TestTarget };

function configMap(name: string, data: Record<string, string> = { k: 'v' }, labels?: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

export function registerProtocolSuite(test: TestFn<SuiteContext>): void {
  registerWireTests(test);
  registerNegotiationTests(test);
  registerNamespaceTests(test);
  registerPatchTests(test);
  registerTableTests(test);
  const api = (t: { context: SuiteContext }) => kubeConfigFor(t.context.target).makeApiClient(CoreV1Api);

  test('discovery, version and health endpoints answer like kube-apiserver', async (t) => {
    const target = t.context.target;
    const api = await raw(target, 'GET', '/api');
    t.is(api.status, 200);
    t.deepEqual(api.json().versions, ['v1']);
    const v1 = (await raw(target, 'GET', '/api/v1')).json();
    t.is(v1.kind, 'APIResourceList');
    for (const r of ['namespaces', 'configmaps', 'secrets', 'pods'])
      t.truthy(
        v1.resources.find((x: any) => x.name === r),
        r,
      );
    t.is((await raw(target, 'GET', '/apis')).json().kind, 'APIGroupList');
    const version = (await raw(target, 'GET', '/version')).json();
    t.regex(version.gitVersion, /^v1\.\d+\.\d+/);
    for (const p of ['/healthz', '/livez', '/readyz']) t.is((await raw(target, 'GET', p)).status, 200, p);
  });

  test('CRUD through client-node: create, get, update, delete, with resourceVersions increasing', async (t) => {
    const core = api(t);
    const ns = uniqueNamespace();
    await core.createNamespace({ body: { metadata: { name: ns } } });
    const created = await core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 's1' }, data: { a: Buffer.from('x').toString('base64') } },
    });
    t.truthy(created.metadata?.uid);
    t.truthy(created.metadata?.creationTimestamp);
    const got = await core.readNamespacedSecret({ namespace: ns, name: 's1' });
    t.is(got.metadata?.resourceVersion, created.metadata?.resourceVersion);
    got.data = { a: Buffer.from('y').toString('base64') };
    const updated = await core.replaceNamespacedSecret({ namespace: ns, name: 's1', body: got });
    t.true(Number(updated.metadata?.resourceVersion) > Number(created.metadata?.resourceVersion));
    t.is(updated.metadata?.uid, created.metadata?.uid);
    await core.deleteNamespacedSecret({ namespace: ns, name: 's1' });
    const list = await core.listNamespacedSecret({ namespace: ns });
    t.is(list.items.length, 0);
  });

  test('errors are Status bodies: 404 NotFound, 409 AlreadyExists, 409 Conflict, 422 Invalid, 400 BadRequest', async (t) => {
    const target = t.context.target;
    const ns = uniqueNamespace();
    await createNamespace(target, ns);
    const missing = await raw(target, 'GET', `/api/v1/namespaces/${ns}/configmaps/nope`);
    t.is(missing.status, 404);
    t.like(missing.json(), { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'configmaps "nope" not found' });

    t.is((await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, { body: configMap('a') })).status, 201);
    const dup = await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, { body: configMap('a') });
    t.like(dup.json(), { reason: 'AlreadyExists', code: 409, message: 'configmaps "a" already exists' });

    const stale = { ...configMap('a', { k: 'other' }), metadata: { name: 'a', resourceVersion: '1' } };
    const conflict = await raw(target, 'PUT', `/api/v1/namespaces/${ns}/configmaps/a`, { body: stale });
    t.like(conflict.json(), { reason: 'Conflict', code: 409 });

    const invalid = await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, { body: configMap('Bad_Name') });
    t.is(invalid.status, 422);
    t.like(invalid.json(), { reason: 'Invalid', details: { causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }] } });

    const malformed = await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, { body: '{"metadata": ' });
    t.is(malformed.status, 400);
    t.is(malformed.json().reason, 'BadRequest');

    const badSelector = await raw(target, 'GET', `/api/v1/namespaces/${ns}/configmaps?labelSelector=${encodeURIComponent('a in (')}`);
    t.is(badSelector.status, 400);
    const badField = await raw(target, 'GET', `/api/v1/namespaces/${ns}/configmaps?fieldSelector=spec.x%3Dy`);
    t.is(badField.status, 400);
    t.is(badField.json().kind, 'Status');
  });

  test('oversized objects: 422 FieldValueTooLong past the 1 MiB data limit, 413 past the 3 MiB body limit', async (t) => {
    const target = t.context.target;
    const ns = uniqueNamespace();
    await createNamespace(target, ns);
    const big = await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, {
      body: configMap('big', { k: 'x'.repeat(2 * 1024 * 1024) }),
    });
    t.is(big.status, 422);
    t.like(big.json(), {
      reason: 'Invalid',
      message: 'ConfigMap "big" is invalid: []: Too long: may not be more than 1048576 bytes',
      details: { causes: [{ reason: 'FieldValueTooLong', field: '[]' }] },
    });
    const secret = await raw(target, 'POST', `/api/v1/namespaces/${ns}/secrets`, {
      body: { metadata: { name: 's' }, data: { k: Buffer.alloc(1100 * 1024).toString('base64') } },
    });
    t.like(secret.json(), { code: 422, details: { causes: [{ reason: 'FieldValueTooLong', field: 'data' }] } });
    const huge = await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, {
      body: configMap('huge', { k: 'x'.repeat(4 * 1024 * 1024) }),
    });
    t.is(huge.status, 413);
    t.like(huge.json(), { kind: 'Status', reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728' });
    t.is((await raw(target, 'GET', `/api/v1/namespaces/${ns}/configmaps/big`)).status, 404);
  });

  test("malformed query parameters get 400 with the apiserver's message", async (t) => {
    const r = await raw(t.context.target, 'GET', '/api/v1/namespaces/default/configmaps?limit=abc');
    t.is(r.status, 400);
    t.like(r.json(), { kind: 'Status', reason: 'BadRequest', message: 'strconv.ParseInt: parsing "abc": invalid syntax' });
  });

  test('LIST paginates with limit and continue through client-node, and all-namespaces paths work', async (t) => {
    const core = api(t);
    const ns = uniqueNamespace();
    await core.createNamespace({ body: { metadata: { name: ns } } });
    for (let i = 0; i < 7; i++)
      await core.createNamespacedConfigMap({ namespace: ns, body: configMap(`cm-${i}`, { i: String(i) }, { idx: String(i % 2) }) });
    const names: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    let firstRV: string | undefined;
    do {
      const page = await core.listNamespacedConfigMap({ namespace: ns, limit: 3, _continue: cont });
      firstRV ??= page.metadata?.resourceVersion;
      t.is(page.metadata?.resourceVersion, firstRV, "every page is served at the first page's resourceVersion");
      names.push(...page.items.map((i) => i.metadata!.name!));
      cont = page.metadata?._continue || undefined;
      if (cont) t.is(page.metadata?.remainingItemCount, 7 - names.length);
      pages++;
    } while (cont);
    t.is(pages, 3);
    t.deepEqual(names, [...names].sort());
    t.is(names.length, 7);

    const odd = await core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'idx=1' });
    t.is(odd.items.length, 3);
    const byName = await core.listNamespacedConfigMap({ namespace: ns, fieldSelector: 'metadata.name=cm-4' });
    t.deepEqual(
      byName.items.map((i) => i.metadata?.name),
      ['cm-4'],
    );
    const all = await core.listConfigMapForAllNamespaces({ fieldSelector: `metadata.namespace=${ns}` });
    t.is(all.items.length, 7);
  });

  test('LIST resourceVersion semantics: "0", exact at an older revision, and too large', async (t) => {
    const target = t.context.target;
    const ns = uniqueNamespace();
    await createNamespace(target, ns);
    const first = (await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, { body: configMap('a', { v: '1' }) })).json();
    await raw(target, 'PUT', `/api/v1/namespaces/${ns}/configmaps/a`, { body: { ...configMap('a', { v: '2' }) } });
    const exact = (
      await raw(
        target,
        'GET',
        `/api/v1/namespaces/${ns}/configmaps?resourceVersion=${first.metadata.resourceVersion}&resourceVersionMatch=Exact`,
      )
    ).json();
    t.is(exact.items[0].data.v, '1', 'an Exact list sees the state at that revision');
    t.is(exact.metadata.resourceVersion, first.metadata.resourceVersion);
    const fromCache = (await raw(target, 'GET', `/api/v1/namespaces/${ns}/configmaps?resourceVersion=0`)).json();
    t.is(fromCache.items[0].data.v, '2');
    const tooLarge = await raw(
      target,
      'GET',
      `/api/v1/namespaces/${ns}/configmaps?resourceVersion=999999999&resourceVersionMatch=NotOlderThan`,
    );
    t.is(tooLarge.status, 504);
    t.is(tooLarge.json().reason, 'Timeout');
  });

  test('forbidden LIST/WATCH parameter combinations give 422 Invalid with apiserver field paths and messages', async (t) => {
    const target = t.context.target;
    const cases: Array<[string, string, string]> = [
      ['sendInitialEvents=true', 'sendInitialEvents', 'Forbidden: sendInitialEvents is forbidden for list'],
      [
        'resourceVersionMatch=NotOlderThan',
        'resourceVersionMatch',
        'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      ],
      [
        'resourceVersion=0&resourceVersionMatch=Exact',
        'resourceVersionMatch',
        'Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
      ],
      [
        'resourceVersion=1&resourceVersionMatch=Newest',
        'resourceVersionMatch',
        'Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""',
      ],
      [
        'watch=1&resourceVersionMatch=NotOlderThan',
        'resourceVersionMatch',
        'Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
      ],
      [
        'watch=1&sendInitialEvents=true',
        'resourceVersionMatch',
        'Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
      ],
    ];
    for (const [query, field, message] of cases) {
      const r = await raw(target, 'GET', `/api/v1/namespaces/default/configmaps?${query}`);
      t.is(r.status, 422, query);
      const body = r.json();
      t.like(body, { kind: 'Status', reason: 'Invalid', code: 422, details: { group: 'meta.k8s.io', kind: 'ListOptions' } }, query);
      t.truthy(
        body.details.causes.find((c: any) => c.field === field && c.message === message),
        `${query}: ${JSON.stringify(body.details.causes)}`,
      );
    }
  });

  test('WatchList over WebSocket: ADDED per object, then the initial-events-end BOOKMARK, then live events', async (t) => {
    const target = t.context.target;
    const ns = uniqueNamespace();
    await createNamespace(target, ns);
    for (let i = 0; i < 5; i++)
      await raw(target, 'POST', `/api/v1/namespaces/${ns}/secrets`, { body: { metadata: { name: `s-${i}` }, data: { k: 'dg==' } } });
    const path = `/api/v1/namespaces/${ns}/secrets?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`;
    // 'late' is created once the initial events have ended, so it can only come as a live event.
    let posted: Promise<unknown> | undefined;
    const { events } = await wsWatch(target, path, (ev) => {
      if (!posted && ev.some((e) => e.type === 'BOOKMARK' && e.object.metadata.annotations?.['k8s.io/initial-events-end'] === 'true'))
        posted = raw(target, 'POST', `/api/v1/namespaces/${ns}/secrets`, { body: { metadata: { name: 'late' } } });
      return ev.some((e) => e.type === 'ADDED' && e.object.metadata.name === 'late');
    });
    t.truthy(posted, 'the initial-events-end BOOKMARK came');
    await posted;
    const bookmarkAt = events.findIndex(
      (e) => e.type === 'BOOKMARK' && e.object.metadata.annotations?.['k8s.io/initial-events-end'] === 'true',
    );
    t.is(bookmarkAt, 5, JSON.stringify(events.map((e) => e.type)));
    t.deepEqual(
      events.slice(0, 5).map((e) => e.type),
      ['ADDED', 'ADDED', 'ADDED', 'ADDED', 'ADDED'],
    );
    t.deepEqual(
      events
        .slice(0, 5)
        .map((e) => e.object.metadata.name)
        .sort(),
      ['s-0', 's-1', 's-2', 's-3', 's-4'],
    );
    t.is(events[0]!.object.kind, 'Secret');
    t.is(events.at(-1)!.object.metadata.name, 'late');
  });

  test('WATCH from a resourceVersion over chunked HTTP carries MODIFIED and DELETED', async (t) => {
    const target = t.context.target;
    const ns = uniqueNamespace();
    await createNamespace(target, ns);
    const created = (await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, { body: configMap('w') })).json();
    await raw(target, 'PUT', `/api/v1/namespaces/${ns}/configmaps/w`, { body: configMap('w', { k: 'v2' }) });
    await raw(target, 'DELETE', `/api/v1/namespaces/${ns}/configmaps/w`);
    const r = await raw(
      target,
      'GET',
      `/api/v1/namespaces/${ns}/configmaps?watch=1&resourceVersion=${created.metadata.resourceVersion}&timeoutSeconds=1`,
    );
    t.is(r.status, 200);
    t.regex(String(r.headers['content-type']), /application\/json/);
    const events = r.body
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    t.deepEqual(
      events.map((e) => e.type),
      ['MODIFIED', 'DELETED'],
    );
    t.is(events[0].object.data.k, 'v2');
  });

  test('WATCH over WebSocket is refused without an Origin header', async (t) => {
    const target = t.context.target;
    const r = await wsWatch(target, '/api/v1/namespaces/default/configmaps?watch=1', () => true, { origin: null, timeoutMs: 5000 });
    t.is(r.handshakeStatus, 403);
  });

  test('an informer from client-node syncs and sees adds, updates and deletes', async (t) => {
    const kc = kubeConfigFor(t.context.target);
    const core = kc.makeApiClient(CoreV1Api);
    const ns = uniqueNamespace();
    await core.createNamespace({ body: { metadata: { name: ns } } });
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('before') });
    const informer = makeInformer<V1ConfigMap>(kc, `/api/v1/namespaces/${ns}/configmaps`, () =>
      core.listNamespacedConfigMap({ namespace: ns }),
    );
    const seen: string[] = [];
    const waitFor = (what: string) =>
      new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`informer never saw ${what}; saw ${seen.join(', ')}`)), 15_000);
        const check = setInterval(() => {
          if (seen.includes(what)) {
            clearTimeout(deadline);
            clearInterval(check);
            resolve();
          }
        }, 20);
      });
    informer.on('add', (o) => seen.push(`add:${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`update:${o.metadata?.name}:${o.data?.k}`));
    informer.on('delete', (o) => seen.push(`delete:${o.metadata?.name}`));
    await informer.start();
    t.teardown(() => informer.stop());
    await waitFor('add:before');
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('after') });
    await waitFor('add:after');
    await core.replaceNamespacedConfigMap({ namespace: ns, name: 'after', body: configMap('after', { k: 'changed' }) });
    await waitFor('update:after:changed');
    await core.deleteNamespacedConfigMap({ namespace: ns, name: 'before' });
    await waitFor('delete:before');
    const order = ['add:before', 'add:after', 'update:after:changed', 'delete:before'].map((e) => seen.indexOf(e));
    t.deepEqual(
      [...order].sort((x, y) => x - y),
      order,
      `the informer saw add, update and delete in order: ${seen.join(', ')}`,
    );
  });
}
