import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGroupProcess } from '../../src/targets/local/process-group.js';
import { Teardown } from '../../src/targets/local/teardown.js';

test('a control-plane process that ends by itself is a crash; one ended by stop() is not', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-group-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const dying = startGroupProcess('sh', ['-c', 'exit 3'], join(dir, 'dying.log'));
  t.is(await dying.crashed, 'exit code 3');

  const stopped = startGroupProcess('sleep', ['30'], join(dir, 'stopped.log'));
  let crashed = false;
  void stopped.crashed.then(() => (crashed = true));
  await stopped.stop();
  t.is(await stopped.exited, 'signal SIGTERM');
  await new Promise((r) => setImmediate(r));
  t.false(crashed);
});

test('a teardown undoes its steps newest first, once', async (t) => {
  const done: string[] = [];
  const teardown = new Teardown();
  for (const step of ['dir', 'etcd', 'apiserver']) teardown.add(async () => void done.push(step));
  await teardown.run();
  await teardown.run();
  t.deepEqual(done, ['apiserver', 'etcd', 'dir']);
});
