// A stage that fails after a target process died: the death is the reason, not what timed out after it.
import test from 'ava';
import { crashWatch } from '../../src/run/repetition.js';

test('crash watch: a crash reported before the stage failed is the reason', async (t) => {
  const watch = crashWatch({ crashed: Promise.resolve('etcd exited: signal SIGKILL') });
  t.is(await watch.settled(), 'etcd exited: signal SIGKILL');
});

test('crash watch: no reason while the target lives', async (t) => {
  t.is(await crashWatch({ crashed: new Promise<string>(() => {}) }).settled(), undefined);
});
