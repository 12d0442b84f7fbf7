// A failure after a target process died: the death is the reason, not what timed out or failed after it.
import test from 'ava';
import { crashReason } from '../../src/run/crash-watch.js';

test('crash reason: a crash reported before the failure is the reason', async (t) => {
  t.is(await crashReason({ crashed: Promise.resolve('etcd exited: signal SIGKILL') }), 'etcd exited: signal SIGKILL');
});

test('crash reason: a crash reported just after the failure is the reason too', async (t) => {
  let report = (_: string) => {};
  const crashed = new Promise<string>((resolve) => (report = resolve));
  const reason = crashReason({ crashed });
  setImmediate(() => report('kube-apiserver exited: signal SIGKILL'));
  t.is(await reason, 'kube-apiserver exited: signal SIGKILL');
});

test('crash reason: none while the target lives', async (t) => {
  t.is(await crashReason({ crashed: new Promise<string>(() => {}) }, 10), undefined);
});
