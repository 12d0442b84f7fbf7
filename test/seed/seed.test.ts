import test from 'ava';
import { seed } from '../../src/seed/seed.js';
import { targetGet } from '../../src/targets/http-get.js';
import type { RunningTarget } from '../../src/targets/target.js';
import { startMock } from '../helpers/target.js';

const asRunning = (url: string) => ({ url, insecureSkipTLSVerify: false }) as unknown as RunningTarget;

test('seed creates the objects once, then finds them there', async (t) => {
  const mock = await startMock();
  t.teardown(() => mock.close());
  const spec = { resource: 'secrets' as const, namespace: 'seeded', count: 37, objectBytes: 4096 };
  const ticks: number[] = [];
  const progress = { start: () => {}, tick: (n: number) => ticks.push(n), stop: () => {} };
  t.is(await seed(asRunning(mock.url), spec, progress, 4), 37);
  t.is(ticks.length, 37);
  const list = JSON.parse((await targetGet(asRunning(mock.url), '/api/v1/namespaces/seeded/secrets')).body) as { items: unknown[] };
  t.is(list.items.length, 37);
  t.is(await seed(asRunning(mock.url), spec), 0);
});

test('a refused object fails the seed with its name and the server message', async (t) => {
  const mock = await startMock({ maxObjectBytes: 64 * 1024 });
  t.teardown(() => mock.close());
  const spec = { resource: 'configmaps' as const, namespace: 'big', count: 3, objectBytes: 256 * 1024 };
  const e = await t.throwsAsync(seed(asRunning(mock.url), spec, undefined, 1));
  t.regex(e.message, /^seeding configmaps\/ksb-000000 failed: HTTP 413: etcdserver: request is too large$/);
});
