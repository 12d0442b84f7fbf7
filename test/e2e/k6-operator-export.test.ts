// Exported k6-operator manifests, checked for structure, then applied to the real kube-apiserver
// (local target) with the TestRun CRD, so a real apiserver's validation accepts them.
import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiextensionsV1Api, CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { localTarget } from '../../src/targets/local/local-target.js';
import { kubeConfigFor } from '../../src/targets/connection.js';
import { VARIANTS } from '../../src/variants/variants.js';
import { runKsb } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const CRD = fileURLToPath(new URL('../../../templates/k6-operator/testrun-crd.yaml', import.meta.url));

test('ksb export k6-operator: ConfigMap, Secret and TestRun accepted by a real apiserver; no token in them', async (t) => {
  const dir = await tempDir(t, 'ksb-export-');
  const out = join(dir, 'manifests');
  const r = await runKsb([
    'export',
    'k6-operator',
    'informer-storm',
    '--variant',
    'streaming',
    '--parallelism',
    '3',
    '--set',
    'informers=300',
    '--target-url',
    'https://kubernetes.default.svc',
    '--runner-image',
    'registry.example/ksb-k6:1.7.1-kube',
    '-o',
    out,
  ]);
  t.is(r.code, 0, r.stderr);
  const [configMap, secret, testRun] = await Promise.all(
    ['configmap.yaml', 'secret.yaml', 'testrun.yaml'].map(async (f) => parse(await readFile(join(out, f), 'utf8'))),
  );
  t.like(testRun, {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    spec: { parallelism: 3, script: { configMap: { name: configMap.metadata.name, file: 'script.js' } } },
  });
  t.regex(configMap.data['script.js'], /"count": 300/);
  t.is(testRun.spec.runner.image, 'registry.example/ksb-k6:1.7.1-kube');
  t.deepEqual(Object.keys(secret.stringData).sort(), ['KSB_INSECURE_SKIP_TLS_VERIFY', 'KSB_TARGET_URL']);
  const env = testRun.spec.runner.env as Array<{ name: string; value?: string; valueFrom?: { secretKeyRef: { name: string } } }>;
  t.deepEqual(
    env.find((e) => e.name === 'KSB_TOKEN')?.valueFrom?.secretKeyRef.name,
    `${configMap.metadata.name}-token`,
    'the token comes from a Secret',
  );
  t.false(
    env.some((e) => e.name === 'KSB_TOKEN' && e.value !== undefined),
    'never inline',
  );
  t.regex(await readFile(join(out, 'README.md'), 'utf8'), /ksb collect --target kubeconfig/);

  const target = await localTarget({ kubeVersion: '1.33.13', log: () => {} }).start(VARIANTS.streaming!);
  t.teardown(() => target.stop());
  const kc = await kubeConfigFor(target);
  await kc.makeApiClient(ApiextensionsV1Api).createCustomResourceDefinition({ body: parse(await readFile(CRD, 'utf8')) });
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  for (let i = 0; i < 50; i++) {
    const crd = await ext.readCustomResourceDefinition({ name: 'testruns.k6.io' });
    if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespacedConfigMap({ namespace: 'default', body: configMap });
  await core.createNamespacedSecret({ namespace: 'default', body: secret });
  const custom = kc.makeApiClient(CustomObjectsApi);
  const created = (await custom.createNamespacedCustomObject({
    group: 'k6.io',
    version: 'v1alpha1',
    namespace: 'default',
    plural: 'testruns',
    body: testRun,
  })) as { spec: { parallelism: number } };
  t.is(created.spec.parallelism, 3);
  const broken = { ...testRun, metadata: { name: 'broken', namespace: 'default' }, spec: { ...testRun.spec, parallelism: 'three' } };
  const rejected = await custom
    .createNamespacedCustomObject({ group: 'k6.io', version: 'v1alpha1', namespace: 'default', plural: 'testruns', body: broken })
    .then(
      () => undefined,
      (e: { code?: number }) => e.code,
    );
  t.is(rejected, 422, 'the apiserver validates TestRuns against the schema');
});

test('ksb export k6-operator names bad flags', async (t) => {
  const dir = await tempDir(t, 'ksb-export-');
  const r = await runKsb(['export', 'k6-operator', 'informer-storm', '--parallelism', '0', '--target-url', 'https://x', '-o', dir]);
  t.regex(r.stderr, /--parallelism.*expected a positive integer/);
  const url = await runKsb(['export', 'k6-operator', 'informer-storm', '--parallelism', '2', '--target-url', 'kubernetes', '-o', dir]);
  t.regex(url.stderr, /--target-url: expected the apiserver's base URL/);
  const image = await runKsb(['export', 'k6-operator', 'informer-storm', '--parallelism', '2', '--target-url', 'https://x', '-o', dir]);
  t.not(image.code, 0);
  t.regex(image.stderr, /--runner-image: this workload runs client-go informers \(k6\/x\/kube\), which the stock grafana\/k6 image lacks/);
  const js = await runKsb([
    'export',
    'k6-operator',
    'informer-storm',
    '--parallelism',
    '2',
    '--set',
    'client=js',
    '--target-url',
    'https://x',
    '-o',
    join(dir, 'js'),
  ]);
  t.is(js.code, 0, js.stderr);
  t.regex(await readFile(join(dir, 'js', 'testrun.yaml'), 'utf8'), /image: grafana\/k6:1\.7\.1/);
});
