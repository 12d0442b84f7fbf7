// `ksb export k8s-job`: an Indexed Job and its plan ConfigMap, checked for structure, then sent to the real
// kube-apiserver (local target) with server-side dry-run, so its validation and defaulting accept them.
import test from 'ava';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchV1Api, CoreV1Api } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { localTarget } from '../../src/targets/local/local-target.js';
import { kubeConfigFor } from '../../src/targets/connection.js';
import { cacheDir } from '../../src/tools/cache.js';
import { VARIANTS } from '../../src/variants/variants.js';
import { runKsb } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const KUBE = '1.33.13';

async function exportJob(t: Parameters<typeof tempDir>[0], extra: string[] = []) {
  const out = join(await tempDir(t, 'ksb-job-'), 'manifests');
  const r = await runKsb([
    'export',
    'k8s-job',
    'informer-storm',
    '--segments',
    '3',
    '--set',
    'informers=300',
    '--image',
    'registry.example/ksb-runner:0.1.0',
    '--priority-class-name',
    'benchmark-low',
    '--service-account',
    'ksb-runner',
    '--memory',
    '1Gi',
    ...extra,
    '-o',
    out,
  ]);
  return { r, out };
}

test('ksb export k8s-job: an Indexed Job of N runner pods, the plan in a ConfigMap, the token only from a Secret', async (t) => {
  const { r, out } = await exportJob(t);
  t.is(r.code, 0, r.stderr);
  const configMap = parse(await readFile(join(out, 'configmap.yaml'), 'utf8'));
  const job = parse(await readFile(join(out, 'job.yaml'), 'utf8'));
  t.like(job, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimit: 0 },
  });
  const pod = job.spec.template.spec;
  t.is(pod.priorityClassName, 'benchmark-low');
  t.is(pod.serviceAccountName, 'ksb-runner');
  const c = pod.containers[0];
  t.is(c.image, 'registry.example/ksb-runner:0.1.0');
  t.deepEqual(c.args.slice(0, 7), ['run', '--plan', '/plan/plan.json', '--segment', '$(JOB_COMPLETION_INDEX)/3', '--out', '-']);
  t.is(c.args[8], String(Math.floor(2 ** 30 * 0.9)), '--memory-budget: 90% of the memory limit');
  t.deepEqual(c.resources.limits, { cpu: '1', memory: '1Gi' });
  const token = c.env.find((e: any) => e.name === 'KSB_TOKEN');
  t.deepEqual(token, { name: 'KSB_TOKEN', valueFrom: { secretKeyRef: { name: 'ksb-informer-storm-streaming-token', key: 'token' } } });
  t.false(
    c.env.some((e: any) => e.value !== undefined && /token/i.test(e.name)),
    'never inline',
  );
  t.is(pod.volumes[0].configMap.name, configMap.metadata.name);
  t.deepEqual(c.volumeMounts[1], { name: 'tmp', mountPath: '/tmp' }, 'a writable /tmp beside the read-only root');
  const plan = JSON.parse(configMap.data['plan.json']);
  t.is(plan.format, 1);
  t.is(plan.scenarios.find((s: any) => s.kind === 'informers').count, 300);
  t.deepEqual(JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')), plan);
  const record = JSON.parse(await readFile(join(out, 'job.json'), 'utf8'));
  t.like(record, {
    kind: 'ksb-k8s-job',
    segments: 3,
    variant: 'streaming',
    workload: { name: 'informer-storm', params: { informers: 300 } },
  });
  t.regex(await readFile(join(out, 'README.md'), 'utf8'), /ksb gather ksb-informer-storm-streaming\.log --job \./);
});

// Decided before any test is declared, so a missing kube-apiserver is a reported skip, never a pass.
const apiserverBin = join(cacheDir(), 'bin', `kube-apiserver-v${KUBE}`);
const withApiserver = existsSync(apiserverBin) ? test : test.skip;

withApiserver(
  `ksb export k8s-job: the Job and ConfigMap pass a real kube-apiserver (server-side dry-run)${existsSync(apiserverBin) ? '' : ` (skipped: kube-apiserver ${KUBE} is not built; scripts/build-kube.sh ${KUBE} builds it)`}`,
  async (t) => {
    const { r, out } = await exportJob(t, ['--namespace', 'default', '--image-pull-policy', 'Never']);
    t.is(r.code, 0, r.stderr);
    const configMap = parse(await readFile(join(out, 'configmap.yaml'), 'utf8'));
    const job = parse(await readFile(join(out, 'job.yaml'), 'utf8'));
    const target = await localTarget({ kubeVersion: KUBE, log: () => {} }).start(VARIANTS.streaming!);
    t.teardown(() => target.stop());
    const kc = await kubeConfigFor(target);
    const core = kc.makeApiClient(CoreV1Api);
    const batch = kc.makeApiClient(BatchV1Api);
    const cm = await core.createNamespacedConfigMap({ namespace: 'default', body: configMap, dryRun: 'All' });
    t.is(cm.metadata?.name, configMap.metadata.name);
    const created = await batch.createNamespacedJob({ namespace: 'default', body: job, dryRun: 'All' });
    t.is(created.spec?.completionMode, 'Indexed');
    t.is(created.spec?.completions, 3);
    t.is(created.spec?.template.spec?.containers[0]?.args?.[4], '$(JOB_COMPLETION_INDEX)/3');
    t.is(created.spec?.template.spec?.containers[0]?.imagePullPolicy, 'Never');
    const persisted = await batch.readNamespacedJob({ namespace: 'default', name: job.metadata.name }).then(
      () => true,
      (e: { code?: number }) => (e.code === 404 ? false : Promise.reject(e as Error)),
    );
    t.false(persisted, 'a dry run stores nothing');
    // The apiserver does validate: the same Job with an index-less completion mode and a bad count is refused.
    const broken = { ...job, spec: { ...job.spec, completionMode: 'Sometimes', completions: -1 } };
    const code = await batch.createNamespacedJob({ namespace: 'default', body: broken, dryRun: 'All' }).then(
      () => 0,
      (e: { code?: number }) => e.code,
    );
    t.is(code, 422);
  },
);

test('ksb export k8s-job names bad flags', async (t) => {
  const dir = await tempDir(t, 'ksb-job-');
  const zero = await runKsb(['export', 'k8s-job', 'informer-storm', '--segments', '0', '-o', dir]);
  t.regex(zero.stderr, /--segments.*expected a positive integer/);
  const mem = await runKsb(['export', 'k8s-job', 'informer-storm', '--segments', '2', '--memory', '2 gigs', '-o', dir]);
  t.is(mem.code, 2);
  t.regex(mem.stderr, /--memory: expected a Kubernetes quantity like 512Mi or 2Gi, got "2 gigs"/);
  const pull = await runKsb(['export', 'k8s-job', 'informer-storm', '--segments', '2', '--image-pull-policy', 'Sometimes', '-o', dir]);
  t.regex(pull.stderr, /--image-pull-policy: expected Always, IfNotPresent or Never/);
  const url = await runKsb(['export', 'k8s-job', 'informer-storm', '--segments', '2', '--target-url', 'kubernetes', '-o', dir]);
  t.regex(url.stderr, /--target-url: expected the apiserver's base URL/);
});
