// Behaviour the protocol suite cannot drive on a real apiserver (short TTLs, tiny history, switching gates).
import test from 'ava';
import http from 'node:http';
import { parsePromText } from '../../src/targets/prom-text.js';
import { createNamespace, raw, uniqueNamespace, wsWatch } from '../helpers/raw.js';
import { startMock } from '../helpers/target.js';
import { waitFor } from '../helpers/wait.js';

// Serial (ava runs serial tests before the concurrent ones): it moves this process's Date.now, which the in-process
// mock reads to expire continue tokens, so the token expires by the clock, not by a sleep racing a short TTL.
test.serial('an expired continue token gives 410 Gone with reason Expired', async (t) => {
  const realNow = Date.now;
  let skewMs = 0;
  Date.now = () => realNow() + skewMs;
  t.teardown(() => void (Date.now = realNow));
  const target = await startMock({ continueTTLms: 60_000 });
  t.teardown(() => target.close());
  const ns = uniqueNamespace();
  await createNamespace(target, ns);
  for (let i = 0; i < 3; i++) await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, { body: { metadata: { name: `c${i}` } } });
  const first = (await raw(target, 'GET', `/api/v1/namespaces/${ns}/configmaps?limit=1`)).json();
  t.truthy(first.metadata.continue);
  const fresh = await raw(target, 'GET', `/api/v1/namespaces/${ns}/configmaps?limit=1&continue=${first.metadata.continue}`);
  t.is(fresh.status, 200);
  skewMs = 60_001;
  const expired = await raw(target, 'GET', `/api/v1/namespaces/${ns}/configmaps?limit=1&continue=${first.metadata.continue}`);
  t.is(expired.status, 410);
  t.like(expired.json(), { kind: 'Status', reason: 'Expired', code: 410 });
  const garbage = await raw(target, 'GET', `/api/v1/namespaces/${ns}/configmaps?limit=1&continue=not-a-token`);
  t.is(garbage.status, 400);
  const withRV = await raw(
    target,
    'GET',
    `/api/v1/namespaces/${ns}/configmaps?limit=1&resourceVersion=5&continue=${first.metadata.continue}`,
  );
  t.is(withRV.status, 400);
});

test('a watch from a compacted resourceVersion gets a 410 Expired ERROR event', async (t) => {
  const target = await startMock({ historySize: 5 });
  t.teardown(() => target.close());
  const ns = uniqueNamespace();
  await createNamespace(target, ns);
  for (let i = 0; i < 10; i++) await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, { body: { metadata: { name: `c${i}` } } });
  const { events } = await wsWatch(target, `/api/v1/namespaces/${ns}/configmaps?watch=1&resourceVersion=2`, (ev) => ev.length > 0);
  t.is(events[0]?.type, 'ERROR');
  t.like(events[0]?.object, { kind: 'Status', reason: 'Expired', code: 410 });
  t.regex(events[0]!.object.message, /^too old resource version: 2 \(\d+\)$/);
  const exactOld = await raw(target, 'GET', `/api/v1/namespaces/${ns}/configmaps?resourceVersion=2&resourceVersionMatch=Exact`);
  t.is(exactOld.status, 410);
});

test('with the WatchList gate off, sendInitialEvents is 422 Invalid', async (t) => {
  const target = await startMock({ featureGates: 'WatchList=false' });
  t.teardown(() => target.close());
  const r = await raw(target, 'GET', '/api/v1/secrets?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan');
  t.is(r.status, 422);
  t.is(
    r.json().details.causes[0].message,
    'Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
  );
  t.is(r.json().details.causes[0].field, 'sendInitialEvents');
});

test('buffered and streaming LIST encodings produce the same bytes, JSON and protobuf; only streaming is chunked', async (t) => {
  const target = await startMock();
  t.teardown(() => target.close());
  const ns = uniqueNamespace();
  await createNamespace(target, ns);
  for (let i = 0; i < 50; i++) {
    await raw(target, 'POST', `/api/v1/namespaces/${ns}/secrets`, {
      body: { metadata: { name: `s${i}`, labels: { i: String(i) } }, data: { v: Buffer.alloc(20_000, i).toString('base64') } },
    });
  }
  const gates = target.server.gates;
  const encodings = [
    { accept: 'application/json', gate: 'StreamingCollectionEncodingToJSON' as const },
    { accept: 'application/vnd.kubernetes.protobuf', gate: 'StreamingCollectionEncodingToProtobuf' as const },
  ];
  for (const { accept, gate } of encodings) {
    for (const query of ['', '?limit=7', '?resourceVersion=0', '?labelSelector=i%3D3']) {
      const what = `${accept} ${query}`;
      gates[gate] = true;
      const streamed = await raw(target, 'GET', `/api/v1/namespaces/${ns}/secrets${query}`, { headers: { Accept: accept } });
      gates[gate] = false;
      const buffered = await raw(target, 'GET', `/api/v1/namespaces/${ns}/secrets${query}`, { headers: { Accept: accept } });
      gates[gate] = true;
      // The continue token (JSON field, or protobuf field 3 = 0x1a and its length) carries its issue time.
      // eslint-disable-next-line no-control-regex
      const norm = (b: Buffer) => b.toString('latin1').replace(/(continue":"|\u001a.)[A-Za-z0-9+/=_-]{20,}/, '$1…');
      t.is(norm(streamed.body), norm(buffered.body), what);
      t.is(streamed.headers['content-type'], accept, what);
      t.is(streamed.headers['transfer-encoding'], 'chunked', what);
      t.is(Number(buffered.headers['content-length']), buffered.body.length, what);
    }
  }
});

test('bearer-token auth: 401 Status without a valid token, health stays open', async (t) => {
  const target = await startMock({ tokens: new Set(['s3cret']) });
  t.teardown(() => target.close());
  const denied = await raw(target, 'GET', '/api/v1/secrets', { noAuth: true });
  t.is(denied.status, 401);
  t.like(denied.json(), { kind: 'Status', reason: 'Unauthorized', code: 401 });
  const wrong = await raw(target, 'GET', '/api/v1/secrets', { noAuth: true, headers: { Authorization: 'Bearer nope' } });
  t.is(wrong.status, 401);
  t.is((await raw(target, 'GET', '/api/v1/secrets')).status, 200);
  t.is((await raw(target, 'GET', '/healthz', { noAuth: true })).status, 200);
  const ws = await wsWatch({ ...target, token: undefined }, '/api/v1/secrets?watch=1', () => true, { timeoutMs: 3000 });
  t.is(ws.handshakeStatus, 401);
});

test('bad input never crashes the mock: each gets a 4xx Status and the server keeps serving', async (t) => {
  const target = await startMock({ maxRequestBodyBytes: 64 * 1024 });
  t.teardown(() => target.close());
  const cases: Array<[string, string, unknown, number]> = [
    ['GET', '/api/v1/secrets?limit=abc', undefined, 400],
    ['GET', '/api/v1/secrets?resourceVersion=abc', undefined, 400],
    ['GET', '/api/v1/widgets', undefined, 404],
    ['GET', '/api/v1/namespaces/default/secrets/a/b/c', undefined, 404],
    ['POST', '/api/v1/namespaces/default/secrets', '[1,2]', 400],
    ['POST', '/api/v1/namespaces/default/secrets', 'null', 400],
    ['POST', '/api/v1/namespaces/default/secrets', { kind: 'Pod', metadata: { name: 'x' } }, 400],
    ['POST', '/api/v1/namespaces/default/secrets', { metadata: {} }, 422],
    ['POST', '/api/v1/namespaces/default/secrets', { metadata: { name: 'x', labels: { a: 1 } } }, 422],
    ['POST', '/api/v1/namespaces/default/secrets', Buffer.alloc(100 * 1024, 'a'), 413],
    ['PUT', '/api/v1/namespaces/default/secrets', { metadata: { name: 'x' } }, 405],
    ['DELETE', '/api/v1/namespaces/default/secrets/none', undefined, 404],
    ['POST', '/api/v1/namespaces/default/secrets', Buffer.from('k8s\0\x0a\xff\xff\xff\xff\x0f'), 400],
    ['POST', '/api/v1/namespaces/default/secrets', Buffer.from('k8s\0\x12\x05ab'), 400],
  ];
  for (const [method, path, body, status] of cases) {
    const protobuf = Buffer.isBuffer(body) && body.subarray(0, 4).toString('latin1') === 'k8s\0';
    const r = await raw(target, method, path, { body, headers: protobuf ? { 'Content-Type': 'application/vnd.kubernetes.protobuf' } : {} });
    t.is(r.status, status, `${method} ${path}`);
    t.is(r.json().kind, 'Status', `${method} ${path}`);
  }
  t.is((await raw(target, 'GET', '/healthz')).status, 200);
});

test('objects over the storage (etcd) limit are rejected with 413 and leave no revision behind', async (t) => {
  const target = await startMock({ maxObjectBytes: 64 * 1024 });
  t.teardown(() => target.close());
  const before = (await raw(target, 'GET', '/api/v1/namespaces')).json().metadata.resourceVersion;
  const r = await raw(target, 'POST', '/api/v1/namespaces/default/configmaps', {
    body: { metadata: { name: 'big' }, data: { k: 'x'.repeat(100 * 1024) } },
  });
  t.is(r.status, 413);
  t.like(r.json(), { kind: 'Status', reason: 'RequestEntityTooLarge', message: 'etcdserver: request is too large' });
  t.is((await raw(target, 'GET', '/api/v1/namespaces')).json().metadata.resourceVersion, before);
});

test('/metrics exposes apiserver metric names with their labels', async (t) => {
  const target = await startMock();
  t.teardown(() => target.close());
  await raw(target, 'GET', '/api/v1/secrets');
  await wsWatch(target, '/api/v1/secrets?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true', (ev) =>
    ev.some((e) => e.type === 'BOOKMARK'),
  );
  const text = (await raw(target, 'GET', '/metrics')).body.toString();
  for (const name of [
    'process_resident_memory_bytes',
    'apiserver_request_total',
    'apiserver_request_duration_seconds_bucket',
    'apiserver_response_sizes_bucket',
    'apiserver_current_inflight_requests',
    'apiserver_longrunning_requests',
    'apiserver_watch_list_duration_seconds_count',
    'apiserver_storage_objects',
  ]) {
    t.regex(text, new RegExp(`^${name}`, 'm'), name);
  }
  t.regex(
    text,
    /apiserver_request_total\{verb="LIST",group="",version="v1",resource="secrets",subresource="",scope="cluster",component="apiserver",dry_run="",code="200"\} 1/,
  );
  t.regex(text, /apiserver_storage_objects\{resource="namespaces"\} 4/);
});

test('a malformed percent-encoding in the path is 400 BadRequest, not 500, and the mock keeps serving', async (t) => {
  const target = await startMock();
  t.teardown(() => target.close());
  const bad = await raw(target, 'GET', '/api/v1/namespaces/default/secrets/%');
  t.is(bad.status, 400);
  t.like(bad.json(), { kind: 'Status', reason: 'BadRequest', code: 400 });
  t.regex(bad.json().message, /invalid URL escape "%"/);
  t.is((await raw(target, 'GET', '/api/v1/namespaces/default/secrets')).status, 200);
});

test('a merge-patch key __proto__ is stored as a plain key and never changes a prototype', async (t) => {
  const target = await startMock();
  t.teardown(() => target.close());
  const ns = uniqueNamespace();
  await createNamespace(target, ns);
  await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, { body: { metadata: { name: 'c' }, data: { a: '1' } } });
  const patched = await raw(target, 'PATCH', `/api/v1/namespaces/${ns}/configmaps/c`, {
    body: '{"data":{"__proto__":"p","constructor":"c","prototype":"x"}}',
    headers: { 'Content-Type': 'application/merge-patch+json' },
  });
  t.is(patched.status, 200, patched.body.toString());
  const data = (await raw(target, 'GET', `/api/v1/namespaces/${ns}/configmaps/c`)).json().data;
  t.deepEqual(Object.keys(data).sort(), ['__proto__', 'a', 'constructor', 'prototype']);
  t.is(data.a, '1');
  t.is(({} as Record<string, unknown>).p, undefined, 'Object.prototype untouched');
});

test('a watcher that stops reading is terminated once its buffer stays full, and counted; a reading watcher gets every event', async (t) => {
  const target = await startMock();
  t.teardown(() => target.close());
  const ns = uniqueNamespace();
  await createNamespace(target, ns);
  const big = Buffer.alloc(256 * 1024, 'x').toString();
  const created = await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, {
    body: { metadata: { name: 'big' }, data: { big, n: '0' } },
  });
  const path = `/api/v1/namespaces/${ns}/configmaps?watch=1&resourceVersion=${created.json().metadata.resourceVersion}&timeoutSeconds=300`;
  const watchesOpen = async () => {
    const text = (await raw(target, 'GET', '/metrics')).body.toString();
    const count = parsePromText(text)
      .filter((s) => s.name === 'apiserver_longrunning_requests' && s.labels.resource === 'configmaps' && s.labels.verb === 'WATCH')
      .reduce((sum, s) => sum + s.value, 0);
    return { text, count };
  };

  // The stalled watcher reads the headers, then nothing: 100 × 256 KiB events outgrow any socket buffer.
  const stalled = http.get(new URL(path, target.url), (res) => res.pause());
  stalled.on('error', () => undefined);
  t.teardown(() => void stalled.destroy());
  // The reading watcher keeps every line it reads; the test hangs up once all have come (not a 6 s watch timeout,
  // which a loaded machine overran before the 100 PATCHes were done).
  const lines: string[] = [];
  let rest = '';
  const reading = http.get(new URL(path, target.url), (res) =>
    res.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      lines.push(...parts.filter((l) => l));
    }),
  );
  reading.on('error', () => undefined);
  t.teardown(() => void reading.destroy());
  await waitFor(async () => (await watchesOpen()).count === 2, { timeoutMs: 15_000, what: 'both watches open on the mock' });
  for (let i = 1; i <= 100; i++) {
    const r = await raw(target, 'PATCH', `/api/v1/namespaces/${ns}/configmaps/big`, {
      body: { data: { n: String(i) } },
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    t.is(r.status, 200);
  }
  await waitFor(() => lines.length >= 100, {
    timeoutMs: 60_000,
    what: 'the reading watcher to receive 100 events',
    detail: () => `${lines.length} received`,
  });
  reading.destroy();
  const events = lines.map((l) => JSON.parse(l) as { type: string; object: { data: { n: string } } });
  t.is(events.length, 100, 'the reading watcher got every event');
  t.is(events.at(-1)!.object.data.n, '100');
  // The stalled watch is over on the server (no long-running WATCH left) long before its 300 s timeout.
  const state = await waitFor(
    async () => {
      const s = await watchesOpen();
      return s.count === 0 && s;
    },
    { timeoutMs: 15_000, what: 'the stalled watch to leave the long-running requests' },
  );
  t.regex(state.text, /apiserver_terminated_watchers_total\{resource="configmaps"\} 1\b/);
});

/** A request whose target is sent exactly as written (no URL resolution on the client side either). */
function asIs(url: string, target: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, method: 'GET', headers: { Accept: 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('request targets that are not valid relative URLs (//?limit=1, //host/x, absolute form) are answered; the mock keeps serving', async (t) => {
  const target = await startMock();
  t.teardown(() => target.close());
  for (const path of ['//?limit=1', '//', '//example.com/api?x', '///api/v1//namespaces//?limit=1', '/%2F%2F?limit=1', '/api/v1/../v1']) {
    const r = await asIs(target.url, path);
    t.true(r.status < 500, `${path}: ${r.status} ${r.body}`);
    t.true(r.body.length > 0, path);
  }
  const absolute = await asIs(target.url, `${target.url}/api/v1/namespaces/default/configmaps?limit=1`);
  t.is(absolute.status, 200, absolute.body);
  t.is((await raw(target, 'GET', '/healthz')).status, 200);
});

test('a handler that throws gets a 500 InternalError Status, logged once with the request line; the mock keeps serving', async (t) => {
  const lines: string[] = [];
  const target = await startMock({ log: (line) => lines.push(line) });
  t.teardown(() => target.close());
  const store = target.server.store;
  const get = store.get.bind(store);
  store.get = () => {
    throw new TypeError('boom from the store');
  };
  const r = await raw(target, 'GET', '/api/v1/namespaces/default/configmaps/x?a=1');
  store.get = get;
  t.is(r.status, 500);
  t.like(r.json(), { kind: 'Status', reason: 'InternalError', code: 500, message: 'Internal error occurred: boom from the store' });
  t.is(lines.length, 1, lines.join('\n'));
  t.true(lines[0]!.includes('GET /api/v1/namespaces/default/configmaps/x?a=1 HTTP/1.1'), lines[0]);
  t.is((await raw(target, 'GET', '/api/v1/namespaces/default/configmaps')).status, 200);
});
