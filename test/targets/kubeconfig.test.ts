import test from 'ava';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchmark } from '../../src/run/run.js';
import { checkRemoteAllowed, connectionFromKubeConfig, isLoopbackHost, kubeconfigTarget } from '../../src/targets/kubeconfig-target.js';
import { loadClientNode } from '../../src/targets/connection.js';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { runKsb } from '../helpers/cli.js';
import { kubeconfigYaml } from '../helpers/kubeconfig.js';
import { readManifest } from '../helpers/results.js';
import { startMock } from '../helpers/target.js';
import { requiredEngine } from '../helpers/engine.js';

const loopback: Array<[string, boolean]> = [
  ['127.0.0.1', true],
  ['127.1.2.3', true],
  ['localhost', true],
  ['[::1]', true],
  ['10.0.0.1', false],
  ['192.168.1.10', false],
  ['api.example.com', false],
  ['127.0.0.1.example.com', false],
];
for (const [host, expected] of loopback) {
  test(`isLoopbackHost(${host}) is ${expected}`, (t) => t.is(isLoopbackHost(host), expected));
}

test('a remote server is refused unless the context is named and --allow-remote given', (t) => {
  t.throws(() => checkRemoteAllowed('https://10.0.0.1:6443', 'prod', {}), {
    message: /refusing to load-test https:\/\/10\.0\.0\.1:6443 \(context "prod"\).*--context prod --allow-remote/,
  });
  t.throws(() => checkRemoteAllowed('https://10.0.0.1:6443', 'prod', { allowRemote: true }), { message: /refusing/ });
  t.throws(() => checkRemoteAllowed('https://10.0.0.1:6443', 'prod', { context: 'prod' }), { message: /refusing/ });
  t.notThrows(() => checkRemoteAllowed('https://10.0.0.1:6443', 'prod', { context: 'prod', allowRemote: true }));
  t.notThrows(() => checkRemoteAllowed('https://127.0.0.1:6443', 'kind', {}));
});

test('a kubeconfig target skips certificate verification only where the kubeconfig says insecure-skip-tls-verify', async (t) => {
  const { KubeConfig } = await loadClientNode();
  const connectionOf = (yaml: string) => {
    const kc = new KubeConfig();
    kc.loadFromString(yaml);
    return connectionFromKubeConfig(kc);
  };
  const user = { token: 't' };
  const insecure = await connectionOf(kubeconfigYaml({ server: 'https://127.0.0.1:6443', context: 'x', user }));
  t.true(insecure.insecureSkipTLSVerify);
  const caPem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const withCa = kubeconfigYaml({ server: 'https://127.0.0.1:6443', context: 'x', user, insecure: false }).replace(
    'server: https://127.0.0.1:6443',
    `server: https://127.0.0.1:6443\n      certificate-authority-data: ${Buffer.from(caPem).toString('base64')}`,
  );
  const verified = await connectionOf(withCa);
  t.false(verified.insecureSkipTLSVerify);
  t.is(verified.caPem, caPem);
});

/** A loopback context (the current one) and a remote one. */
const kubeconfig = (server: string, token: string) =>
  kubeconfigYaml({ server, context: 'ksb-test', user: { token }, others: { remote: 'https://203.0.113.7:6443' } });

test('ksb run --target kubeconfig refuses a remote context by default, naming the flags to pass', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-kc-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'config'), kubeconfig('http://127.0.0.1:1', 'x'));
  const r = await runKsb(['run', 'informer-storm', '--target', 'kubeconfig', '--kubeconfig', join(dir, 'config'), '--context', 'remote']);
  t.not(r.code, 0);
  t.regex(r.stderr, /refusing to load-test https:\/\/203\.0\.113\.7:6443 \(context "remote"\).*--allow-remote/);
  const missing = await runKsb([
    'run',
    'informer-storm',
    '--target',
    'kubeconfig',
    '--kubeconfig',
    join(dir, 'config'),
    '--context',
    'nope',
  ]);
  t.regex(missing.stderr, /--context nope: no such context \(have: ksb-test, remote\)/);
});

test('a kubeconfig whose user runs an exec plugin or auth-provider is refused unless --allow-exec, naming the command', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-kc-exec-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const marker = join(dir, 'plugin-ran');
  const users = {
    exec: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/bin/sh', args: ['-c', `touch ${marker}`] } },
    'auth-provider': { 'auth-provider': { name: 'oidc', config: { 'cmd-path': '/bin/touch', 'cmd-args': marker } } },
  };
  for (const [kind, user] of Object.entries(users)) {
    const file = join(dir, `${kind}.yaml`);
    await writeFile(file, kubeconfigYaml({ server: 'http://127.0.0.1:1', context: 'x', user, userName: 'plugged', insecure: false }));
    for (const args of [
      ['run', 'informer-storm', '--target', 'kubeconfig', '--kubeconfig', file],
      ['collect', '--duration', '1s', '--kubeconfig', file],
    ]) {
      const r = await runKsb(args);
      t.is(r.code, 2, `${kind} ${args[0]}: ${r.stderr}`);
      t.regex(r.stderr, /user "plugged" of context "x" gets its credentials by running .*--allow-exec/, kind);
      t.regex(r.stderr, kind === 'exec' ? /the exec plugin `\/bin\/sh -c touch / : /the auth-provider "oidc" \(cmd-path `\/bin\/touch`\)/);
    }
  }
  t.false(existsSync(marker), 'no plugin ran');
});

test('the kubeconfig target runs a workload against a token-protected apiserver and never writes the token', async (t) => {
  const engine = await requiredEngine();
  const token = 'tok-3b1f9c0e5d7a4f21-secret';
  const mock = await startMock({ tokens: new Set([token]) });
  const dir = await mkdtemp(join(tmpdir(), 'ksb-kc-'));
  t.teardown(async () => {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  });
  await writeFile(join(dir, 'config'), kubeconfig(mock.url, token));
  const result = await runBenchmark({
    workload: BUILT_IN.find((w) => w.name === 'informer-storm')!,
    sets: ['informers=2', 'objects=10', 'objectSize=2KiB', 'duration=3s', 'churnPerSecond=0'],
    variants: ['legacy', 'streaming'],
    reps: 1,
    outRoot: join(dir, 'results'),
    target: await kubeconfigTarget({ kubeconfig: join(dir, 'config') }),
    engine,
    version: 'test',
    log: () => {},
  });
  const manifest = await readManifest(result.dir);
  t.is(manifest.status, 'complete');
  t.is(manifest.repetitions[0].target.kind, 'kubeconfig');
  t.is(manifest.repetitions[0].target.details.context, 'ksb-test');
  // The cluster's gates are its own: a legacy run on a server with WatchList on is labelled, not refused.
  t.deepEqual(manifest.repetitions[0].gate_contradictions, [
    'StreamingCollectionEncodingToJSON: asked false, the server runs true',
    'StreamingCollectionEncodingToProtobuf: asked false, the server runs true',
    'WatchList: asked false, the server runs true',
  ]);
  t.like(manifest.repetitions[1].effective_gates, { WatchList: true, StreamingCollectionEncodingToJSON: true });
  t.is(manifest.repetitions[1].gate_contradictions, undefined);
  t.regex(
    result.summaryText,
    /not legacy as defined: the cluster runs StreamingCollectionEncodingToJSON: asked false, the server runs true;/,
  );
  for (const file of await readdir(result.dir, { recursive: true })) {
    const text = await readFile(join(result.dir, file)).catch(() => Buffer.alloc(0));
    t.false(text.includes(token), `${file} holds no token`);
  }
  t.is(result.reps.find((r) => r.variant === 'streaming')!.syncs, 2);
});

test('ksb collect samples a kubeconfig target for a window into samples.csv, without its token', async (t) => {
  const token = 'collect-token-8c2d1e7f';
  const mock = await startMock({ tokens: new Set([token]) });
  const dir = await mkdtemp(join(tmpdir(), 'ksb-collect-'));
  t.teardown(async () => {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  });
  await writeFile(join(dir, 'config'), kubeconfig(mock.url, token));
  const r = await runKsb([
    'collect',
    '--target',
    'kubeconfig',
    '--kubeconfig',
    join(dir, 'config'),
    '--duration',
    '2s',
    '--out',
    join(dir, 'results'),
  ]);
  t.is(r.code, 0, r.stderr);
  const [runDir] = await readdir(join(dir, 'results'));
  const manifest = await readManifest(join(dir, 'results', runDir!));
  t.is(manifest.status, 'complete');
  const samples = await readFile(join(dir, 'results', runDir!, 'samples.csv'), 'utf8');
  t.true(samples.startsWith('run_id,variant,rep,t_ms,source,metric,value,labels'));
  t.true((samples.match(/,apiserver_rss_bytes,/g) ?? []).length >= 3, 'about 4 scrapes in 2 s');
  t.false(samples.includes(token) || JSON.stringify(manifest).includes(token));
});
