// The shared protocol suite against a real kube-apiserver (the local target), so any difference between
// the mock and kube-apiserver fails a test.
import anyTest, { type TestFn } from 'ava';
import { targetGet } from '../../src/targets/http-get.js';
import { localTarget } from '../../src/targets/local/local-target.js';
import type { RunningTarget } from '../../src/targets/target.js';
import { DEFAULT_KUBE_VERSION } from '../../src/targets/versions.js';
import { VARIANTS } from '../../src/variants/variants.js';
import { registerProtocolSuite, type SuiteContext } from './suite.js';

const test = anyTest as TestFn<SuiteContext>;
let running: RunningTarget | undefined;

test.before(async (t) => {
  const provider = localTarget({ kubeVersion: DEFAULT_KUBE_VERSION, log: () => {} });
  const target = await provider.start(VARIANTS.streaming!);
  running = target;
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

test('the local target is reached with its serving certificate verified against the CA its connection carries', async (t) => {
  const target = running!;
  t.false(target.insecureSkipTLSVerify);
  t.regex(target.caPem ?? '', /-----BEGIN CERTIFICATE-----/);
  t.is((await targetGet(target, '/version')).status, 200);
  // Without the target's CA the same request is refused: verification is on, not skipped.
  await t.throwsAsync(targetGet({ ...target, caPem: undefined }, '/version'), { message: /self[- ]signed|unable to verify/i });
});

registerProtocolSuite(test);
