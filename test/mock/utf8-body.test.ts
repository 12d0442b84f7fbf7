import test from 'ava';
import { startMock } from '../helpers/target.js';

test('a body that is not ASCII is read as UTF-8 and comes back as it was sent', async (t) => {
  const mock = await startMock();
  t.teardown(() => mock.close());
  const data = { greeting: 'héllo, wörld ✓ 日本 🚀', plain: 'ascii only' };
  const post = (body: unknown) =>
    fetch(`${mock.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  t.is((await post({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'utf8' }, data })).status, 201);
  t.is((await post({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ascii' }, data: { plain: 'ascii only' } })).status, 201);
  const got = (await (await fetch(`${mock.url}/api/v1/namespaces/default/configmaps/utf8`)).json()) as { data: Record<string, string> };
  t.deepEqual(got.data, data);
  const ascii = (await (await fetch(`${mock.url}/api/v1/namespaces/default/configmaps/ascii`)).json()) as { data: Record<string, string> };
  t.deepEqual(ascii.data, { plain: 'ascii only' });
});
