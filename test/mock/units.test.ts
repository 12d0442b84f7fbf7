import test from 'ava';
import { parseFeatureGates } from '../../src/mock/feature-gates.js';
import { writeBuffered } from '../../src/mock/http-util.js';
import { parseFieldSelector, parseLabelSelector } from '../../src/mock/selectors.js';
import { Store, type StoredObject } from '../../src/mock/store.js';

test('feature gates use kube-apiserver syntax and 1.33 defaults', (t) => {
  t.deepEqual(parseFeatureGates(''), {
    WatchList: false,
    StreamingCollectionEncodingToJSON: true,
    StreamingCollectionEncodingToProtobuf: true,
  });
  t.like(parseFeatureGates('StreamingCollectionEncodingToJSON=false, WatchList=true'), {
    WatchList: true,
    StreamingCollectionEncodingToJSON: false,
  });
  t.throws(() => parseFeatureGates('Nope=true'), { message: /unrecognized feature gate: Nope/ });
  t.throws(() => parseFeatureGates('WatchList'), { message: /missing bool value for WatchList/ });
});

const labelCases: Array<[string, Record<string, string>, boolean]> = [
  ['', { a: '1' }, true],
  ['a=1', { a: '1' }, true],
  ['a==1', { a: '2' }, false],
  ['a!=1', {}, true],
  ['a in (1, 2)', { a: '2' }, true],
  ['a notin (1,2)', { a: '3' }, true],
  ['a notin (1,2)', { a: '1' }, false],
  ['a', { a: '' }, true],
  ['!a', { a: '' }, false],
  ['a=1,b', { a: '1' }, false],
  ['app.kubernetes.io/name=x', { 'app.kubernetes.io/name': 'x' }, true],
];
for (const [selector, labels, expected] of labelCases) {
  test(`labelSelector ${JSON.stringify(selector)} on ${JSON.stringify(labels)} is ${expected}`, (t) => {
    t.is(parseLabelSelector(selector)(labels), expected);
  });
}

test('field selectors support metadata.name and metadata.namespace only', (t) => {
  const f = parseFieldSelector('metadata.namespace=a,metadata.name!=b');
  t.true(f({ 'metadata.name': 'c', 'metadata.namespace': 'a' }));
  t.false(f({ 'metadata.name': 'b', 'metadata.namespace': 'a' }));
  t.throws(() => parseFieldSelector('spec.nodeName=x'), { message: 'field label not supported: spec.nodeName' });
});

function obj(name: string, rv: number): StoredObject {
  return {
    resource: 'configmaps',
    key: `ns/${name}`,
    namespace: 'ns',
    name,
    labels: {},
    rv,
    item: Buffer.from(`{"metadata":{"name":"${name}","resourceVersion":"${rv}"}}`),
  };
}

test('store: reads at older revisions until compacted, history bounded, deletes tombstoned', (t) => {
  const store = new Store({ historySize: 3 });
  const a1 = store.put('configmaps', 'ns/a', 'ADDED', (rv) => obj('a', rv)).rv;
  store.put('configmaps', 'ns/b', 'ADDED', (rv) => obj('b', rv));
  store.put('configmaps', 'ns/a', 'MODIFIED', (rv) => obj('a', rv));
  t.is(store.get('configmaps', 'ns/a', a1)?.rv, a1);
  t.deepEqual(
    [...store.list('configmaps', store.currentRV())].map((o) => o.name),
    ['a', 'b'],
  );
  store.put('configmaps', 'ns/b', 'DELETED', (rv) => obj('b', rv));
  t.deepEqual(
    [...store.list('configmaps', store.currentRV())].map((o) => o.name),
    ['a'],
  );
  t.is(store.count('configmaps'), 1);
  t.is(store.compactedRevision(), a1, 'the oldest event fell out of a 3-event history');
  t.is(store.eventsSince(a1 - 1), 'expired');
  const since = store.eventsSince(a1);
  t.deepEqual(since === 'expired' ? [] : since.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
  t.throws(() =>
    store.put('configmaps', 'ns/c', 'ADDED', () => {
      throw new Error('too large');
    }),
  );
  t.is(store.currentRV(), a1 + 3, 'a failed write uses up no revision');
});

test('a buffered LIST body is built in slices that yield to the event loop, and written whole', async (t) => {
  const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(256 * 1024, i)); // 10 MiB
  let yielded = false;
  setImmediate(() => (yielded = true));
  let written: Buffer | undefined;
  let yieldedBeforeEnd = false;
  const res = {
    destroyed: false,
    setHeader: () => undefined,
    end: (body: Buffer) => {
      yieldedBeforeEnd = yielded;
      written = body;
    },
  } as unknown as Parameters<typeof writeBuffered>[0];
  const bytes = await writeBuffered(res, chunks);
  t.true(yieldedBeforeEnd, 'other callbacks ran while the body was built');
  t.is(bytes, 10 * 1024 * 1024);
  t.true(written!.equals(Buffer.concat(chunks)));
});
