import test from 'ava';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadClientNode } from '../../src/targets/connection.js';
import { writeCredentials, writeKubeconfig } from '../../src/targets/local/credentials.js';

test('the local target writes an admin and a load token, readable by the owner only', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-cred-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const c = await writeCredentials(dir);
  t.not(c.adminToken, c.load.token);
  const rows = (await readFile(c.tokenFile, 'utf8')).trim().split('\n');
  t.deepEqual(rows, [`${c.adminToken},ksb-admin,ksb-admin,"system:masters"`, `${c.load.token},ksb-load,ksb-load,"ksb:load"`]);
  for (const file of [c.tokenFile, c.serviceAccountKeyFile]) t.is((await stat(file)).mode & 0o777, 0o600, file);
  t.regex(await readFile(c.serviceAccountKeyFile, 'utf8'), /-----BEGIN PRIVATE KEY-----/);
});

test("the local target's kubeconfig carries its CA and does not skip verification", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-kubeconfig-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const caPem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const file = join(dir, 'kubeconfig');
  await writeKubeconfig(file, { url: 'https://127.0.0.1:6443', token: 'tok', caPem, insecureSkipTLSVerify: false });
  t.is((await stat(file)).mode & 0o777, 0o600);
  const doc = parse(await readFile(file, 'utf8')) as { clusters: Array<{ cluster: Record<string, unknown> }> };
  const cluster = doc.clusters[0]!.cluster;
  t.is(Buffer.from(String(cluster['certificate-authority-data']), 'base64').toString(), caPem);
  t.false('insecure-skip-tls-verify' in cluster);
  // client-node (as kubectl would) reads the same CA from it and verifies.
  const { KubeConfig } = await loadClientNode();
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  t.false(kc.getCurrentCluster()?.skipTLSVerify);
  t.is(Buffer.from(kc.getCurrentCluster()?.caData ?? '', 'base64').toString(), caPem);
  await t.throwsAsync(writeKubeconfig(file, { url: 'https://127.0.0.1:6443', token: 'tok', insecureSkipTLSVerify: false }), {
    message: /needs the CA/,
  });
});
