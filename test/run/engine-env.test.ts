// The engine's credentials: the load identity's token where the target has one (local), else the target's own.
import { readFile, stat } from 'node:fs/promises';
import test from 'ava';
import { caFileEnv, engineTargetEnv } from '../../src/run/engine-process.js';
import type { RunningTarget } from '../../src/targets/target.js';
import { fakeRunningTarget } from '../helpers/target.js';

const target = (extra: Partial<RunningTarget>): RunningTarget =>
  fakeRunningTarget({ token: 'admin-token', insecureSkipTLSVerify: true, ...extra });

test('engine env: the load token where the target made a load identity, the admin token never', (t) => {
  const env = engineTargetEnv(target({ load: { token: 'load-token', user: 'ksb-load', groups: ['ksb:load'] } }));
  t.is(env.KSB_TOKEN, 'load-token');
  t.false(Object.values(env).includes('admin-token'));
  t.is(env.KSB_TARGET_URL, 'https://127.0.0.1:6443');
});

test('engine env: without a load identity (kind, kubeconfig), the target’s own credentials', (t) => {
  t.is(engineTargetEnv(target({})).KSB_TOKEN, 'admin-token');
  const cert = engineTargetEnv(target({ token: undefined, clientCert: { certPem: 'C', keyPem: 'K' } }));
  t.is(cert.KSB_CLIENT_CERT, 'C');
  t.is(cert.KSB_CLIENT_KEY, 'K');
  t.is(cert.KSB_TOKEN, undefined);
});

test('engine env: the target’s CA goes to ksb-runner as KSB_CA_FILE, a private file outside the run', async (t) => {
  const ca = await caFileEnv(target({ caPem: 'PEM', insecureSkipTLSVerify: false }));
  const file = ca.env.KSB_CA_FILE;
  if (!file) return t.fail('no KSB_CA_FILE');
  t.is(await readFile(file, 'utf8'), 'PEM');
  t.is((await stat(file)).mode & 0o077, 0, 'readable by its owner only');
  await ca.remove();
  await t.throwsAsync(stat(file));
});

test('engine env: no CA file where the target says to skip verification or has no CA of its own', async (t) => {
  t.deepEqual((await caFileEnv(target({ caPem: 'PEM', insecureSkipTLSVerify: true }))).env, {});
  t.deepEqual((await caFileEnv(target({ insecureSkipTLSVerify: false }))).env, {});
  t.is(engineTargetEnv(target({ caPem: 'PEM', insecureSkipTLSVerify: false })).KSB_INSECURE_SKIP_TLS_VERIFY, 'false');
});
