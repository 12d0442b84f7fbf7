// Protocol tests on the bytes: the target's LIST, GET, Status and watch bodies, in protobuf and JSON,
// normalised and compared with bodies recorded from kube-apiserver 1.33. The suite runs against the mock
// and against a real kube-apiserver, so the recording cannot go stale and the mock cannot drift from it.
// KSB_RECORD_WIRE=1 with the local target rewrites the recording.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestFn } from 'ava';
import { canonicalize } from '../../src/mock/canonical.js';
import { encodeObject } from '../../src/mock/protobuf/convert.js';
import { envelope } from '../../src/mock/protobuf/wire.js';
import WebSocket from 'ws';
import { messages } from '../../src/mock/protobuf/schema.js';
import { raw, type RawResponse } from '../helpers/raw.js';
import type { TestTarget } from '../helpers/target.js';
import { normaliseJson, normaliseProtobuf } from '../helpers/wire.js';
import type { SuiteContext } from './suite.js';

const RECORDING = fileURLToPath(new URL('../../../test/protocol/fixtures/kube-apiserver-1.33-wire.json', import.meta.url));
const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const NS = 'ksb-wire';

type Samples = Record<string, string | string[]>;

function ok(r: RawResponse, what: string): RawResponse {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.body.toString('latin1').slice(0, 300)}`);
  return r;
}

const b64 = (b: Buffer) => b.toString('base64');

// Tests run concurrently: every test waits for the one seeding, so none lists before s2 exists.
const seeding = new WeakMap<TestTarget, Promise<void>>();

function seed(target: TestTarget): Promise<void> {
  let done = seeding.get(target);
  if (!done) {
    done = seedOnce(target);
    seeding.set(target, done);
  }
  return done;
}

async function seedOnce(target: TestTarget): Promise<void> {
  const ns = await raw(target, 'POST', '/api/v1/namespaces', { body: { metadata: { name: NS } } });
  if (ns.status === 409) return; // seeded by an earlier suite on the same target
  ok(ns, 'create namespace');
  // Keys out of order, so the comparison covers map ordering; one of each field kind.
  const secret = {
    metadata: { name: 's1', labels: { b: '2', a: '1' }, annotations: { note: '<&> \u2028' } },
    data: { k2: 'dg==', k1: 'dw==' },
    type: 'Opaque',
  };
  ok(await raw(target, 'POST', `/api/v1/namespaces/${NS}/secrets`, { body: secret }), 'create s1');
  const cm = {
    metadata: { name: 'c1', finalizers: ['example.com/keep'] },
    data: { z: 'last', a: 'first' },
    binaryData: { bin: 'AAEC' },
    immutable: false,
  };
  ok(await raw(target, 'POST', `/api/v1/namespaces/${NS}/configmaps`, { body: cm }), 'create c1');
  // A create whose body is protobuf, encoded by the mock's own encoder: kube-apiserver must accept it.
  const s2 = envelope(
    'Secret',
    encodeObject(canonicalize('Secret', { metadata: { name: 's2', namespace: NS }, stringData: { plain: 'text' } })),
  );
  ok(
    await raw(target, 'POST', `/api/v1/namespaces/${NS}/secrets`, { body: s2, headers: { 'Content-Type': PROTOBUF, Accept: PROTOBUF } }),
    'create s2 (protobuf)',
  );
}

async function collect(target: TestTarget): Promise<Samples> {
  await seed(target);
  const get = (path: string, accept: string) => raw(target, 'GET', path, { headers: { Accept: accept } });
  const samples: Samples = {};
  for (const resource of ['secrets', 'configmaps']) {
    samples[`list ${resource} protobuf`] = b64(
      normaliseProtobuf.list(ok(await get(`/api/v1/namespaces/${NS}/${resource}`, PROTOBUF), resource).body),
    );
    samples[`list ${resource} json`] = normaliseJson(
      ok(await get(`/api/v1/namespaces/${NS}/${resource}`, 'application/json'), resource).body,
    );
  }
  samples['get namespace protobuf'] = b64(normaliseProtobuf.object(ok(await get(`/api/v1/namespaces/${NS}`, PROTOBUF), 'namespace').body));
  samples['get namespace json'] = normaliseJson(ok(await get(`/api/v1/namespaces/${NS}`, 'application/json'), 'namespace').body);
  const missing = await get(`/api/v1/namespaces/${NS}/secrets/absent`, PROTOBUF);
  samples['404 protobuf'] = `${missing.status} ${missing.headers['content-type']} ${b64(missing.body)}`;

  const rv = (await get(`/api/v1/namespaces/${NS}/secrets`, 'application/json')).json().metadata.resourceVersion as string;
  const watch = (accept: string) => get(`/api/v1/namespaces/${NS}/secrets?watch=1&resourceVersion=${rv}&timeoutSeconds=2`, accept);
  // Both watches start at rv, so the PATCH below reaches them as an event whether they open before or after it.
  const watches = [watch(PROTOBUF), watch('application/json')];
  const patch = { metadata: { labels: { c: '3' } } };
  ok(
    await raw(target, 'PATCH', `/api/v1/namespaces/${NS}/secrets/s1`, {
      body: patch,
      headers: { 'Content-Type': 'application/merge-patch+json' },
    }),
    'patch',
  );
  const [pbWatch, jsonWatch] = await Promise.all(watches);
  samples['watch protobuf'] = [String(pbWatch!.headers['content-type']), ...normaliseProtobuf.watch(pbWatch!.body).map(b64)];
  samples['watch json'] = [String(jsonWatch!.headers['content-type']), normaliseJson(jsonWatch!.body)];

  if (target.watchListEnabled) {
    const watchList = (accept: string) =>
      get(
        `/api/v1/namespaces/${NS}/secrets?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1`,
        accept,
      );
    samples['watchlist protobuf'] = normaliseProtobuf.watch((await watchList(PROTOBUF)).body).map(b64);
    samples['watchlist json'] = normaliseJson((await watchList('application/json')).body);
  }
  return samples;
}

export function registerWireTests(test: TestFn<SuiteContext>): void {
  test('LIST, GET, Status and WATCH bodies equal kube-apiserver 1.33 byte for byte, protobuf and JSON, after normalising', async (t) => {
    const target = t.context.target;
    const samples = await collect(target);
    if (process.env.KSB_RECORD_WIRE === '1' && target.kind === 'local') writeFileSync(RECORDING, `${JSON.stringify(samples, null, 1)}\n`);
    t.true(existsSync(RECORDING), `no recording at ${RECORDING}: run the local protocol suite with KSB_RECORD_WIRE=1`);
    const recorded = JSON.parse(readFileSync(RECORDING, 'utf8')) as Samples;
    for (const [name, expected] of Object.entries(recorded)) {
      if (name.startsWith('watchlist') && !target.watchListEnabled) continue;
      t.deepEqual(samples[name], expected, name);
    }
  });
}

/** The first message of a watch over WebSocket that asks for protobuf, and whether it came as a binary frame. */
function firstWebSocketMessage(target: TestTarget, path: string): Promise<{ data: Buffer; binary: boolean }> {
  const url = new URL(path, target.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const headers: Record<string, string> = { Accept: PROTOBUF };
  if (target.token) headers.Authorization = `Bearer ${target.token}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, ca: target.ca, origin: target.url });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no WebSocket message within 10 s from ${path}`));
    }, 10_000);
    ws.on('message', (data, binary) => {
      clearTimeout(timer);
      ws.close();
      resolve({ data: Buffer.from(data as Buffer), binary });
    });
    ws.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

export function registerNegotiationTests(test: TestFn<SuiteContext>): void {
  test('content negotiation: Accept order and quality pick the encoding; nothing acceptable is 406; unknown bodies are 415', async (t) => {
    const target = t.context.target;
    await seed(target);
    const typeFor = async (accept: string) =>
      String((await raw(target, 'GET', `/api/v1/namespaces/${NS}/secrets/s1`, { headers: { Accept: accept } })).headers['content-type']);
    t.is(await typeFor('*/*'), 'application/json');
    t.is(await typeFor('application/*'), 'application/json');
    t.is(await typeFor(`${PROTOBUF},application/json`), PROTOBUF);
    t.is(await typeFor(`application/json;q=0.5, ${PROTOBUF};q=0.9`), PROTOBUF);
    t.is(await typeFor(`${PROTOBUF};foo=bar`), PROTOBUF);
    t.is(await typeFor(`text/html, ${PROTOBUF};q=0.1`), PROTOBUF);

    const refused = await raw(target, 'GET', `/api/v1/namespaces/${NS}/secrets`, { headers: { Accept: 'text/html, image/png' } });
    t.is(refused.status, 406);
    t.like(refused.json(), { kind: 'Status', reason: 'NotAcceptable', code: 406 });

    const secrets = `/api/v1/namespaces/${NS}/secrets`;
    const plain = await raw(target, 'POST', secrets, { body: 'x', headers: { 'Content-Type': 'text/plain', Accept: PROTOBUF } });
    t.is(plain.status, 415);
    t.is(plain.headers['content-type'], PROTOBUF, 'the Status comes in the negotiated encoding');
    const unknown = messages.Unknown.decode(plain.body.subarray(4)) as unknown as { raw: Uint8Array };
    const status = messages.Status.decode(unknown.raw) as unknown as { reason: string; code: number };
    t.like(status, { reason: 'UnsupportedMediaType', code: 415 });
    const patch = await raw(target, 'PATCH', `${secrets}/s1`, { body: Buffer.from('k8s\0'), headers: { 'Content-Type': PROTOBUF } });
    t.like(patch.json(), { reason: 'UnsupportedMediaType', code: 415 });
  });

  test('malformed protobuf bodies (no magic, truncated, wrong kind) are 400 BadRequest Status, never a crash', async (t) => {
    const target = t.context.target;
    await seed(target);
    const configMap = envelope('ConfigMap', encodeObject(canonicalize('ConfigMap', { metadata: { name: 'wrong-kind' } })));
    const secret = envelope('Secret', encodeObject(canonicalize('Secret', { metadata: { name: 'cut' }, data: { k: 'dg==' } })));
    const bodies: Record<string, Buffer> = {
      'no magic': Buffer.from('garbage'),
      'garbage after magic': Buffer.from('k8s\0garbage'),
      truncated: secret.subarray(0, secret.length - 9),
      'wrong kind': configMap,
    };
    for (const [what, body] of Object.entries(bodies)) {
      const r = await raw(target, 'POST', `/api/v1/namespaces/${NS}/secrets`, { body, headers: { 'Content-Type': PROTOBUF } });
      t.is(r.status, 400, `${what}: ${r.body.toString('latin1').slice(0, 200)}`);
      t.like(r.json(), { kind: 'Status', reason: 'BadRequest', code: 400 }, what);
      const expected =
        what === 'wrong kind'
          ? 'ConfigMap in version "v1" cannot be handled as a Secret:'
          : 'the object provided is unrecognized (must be of type Secret):';
      t.true((r.json().message as string).startsWith(expected), `${what}: ${r.json().message}`);
    }
    t.is((await raw(target, 'GET', '/healthz')).status, 200);
  });

  test('a watch over WebSocket that asks for protobuf gets binary frames, each one WatchEvent', async (t) => {
    const target = t.context.target;
    await seed(target);
    const { data, binary } = await firstWebSocketMessage(target, `/api/v1/namespaces/${NS}/secrets?watch=1&resourceVersion=0`);
    t.true(binary);
    const event = messages.WatchEvent.decode(data) as unknown as { type: string; object: { raw: Uint8Array } };
    t.is(event.type, 'ADDED');
    t.is(Buffer.from(event.object.raw).subarray(0, 4).toString('latin1'), 'k8s\0');
  });
}
