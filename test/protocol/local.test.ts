// The shared protocol suite against a real kube-apiserver (the local target), so any difference between
// the mock and kube-apiserver fails a test.
import anyTest, { type TestFn } from 'ava';
import { localTarget } from '../../src/targets/local/local-target.js';
import { DEFAULT_KUBE_VERSION } from '../../src/targets/versions.js';
import { VARIANTS } from '../../src/variants/variants.js';
import { registerProtocolSuite, type SuiteContext } from './suite.js';

const test = anyTest as TestFn<SuiteContext>;

test.before(async (t) => {
  const provider = localTarget({ kubeVersion: DEFAULT_KUBE_VERSION, log: () => {} });
  const target = await provider.start(VARIANTS.streaming!);
  t.context.target = {
    kind: 'local',
    url: target.url,
    token: target.token,
    ca: target.caPem,
    watchListEnabled: true,
    close: () => target.stop(),
  };
});
test.after.always(async (t) => {
  await t.context.target?.close();
});

registerProtocolSuite(test);
