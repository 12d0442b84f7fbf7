// Manifests that run a compiled workload on k6-operator: a ConfigMap with the script, a Secret with the
// target URL, and a TestRun (k6.io/v1alpha1) that splits the script across `parallelism` runners.
// The token is never written: the runners read it from a Secret the user creates (see README.md).
import { stringify } from 'yaml';

export interface ExportOptions {
  name: string; // DNS-1123 name for the objects
  namespace: string;
  parallelism: number;
  script: string;
  targetUrl: string;
  insecureSkipTLSVerify: boolean;
  runnerImage: string;
  runnerCpu: string;
  runnerMemory: string;
  tags: Record<string, string>;
}

const TOKEN_SECRET_SUFFIX = '-token';

export function configMapManifest(o: ExportOptions): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: o.name, namespace: o.namespace, labels: { 'app.kubernetes.io/managed-by': 'kube-stream-bench' } },
    data: { 'script.js': o.script },
  };
}

export function targetSecretManifest(o: ExportOptions): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `${o.name}-target`, namespace: o.namespace, labels: { 'app.kubernetes.io/managed-by': 'kube-stream-bench' } },
    type: 'Opaque',
    stringData: { KSB_TARGET_URL: o.targetUrl, KSB_INSECURE_SKIP_TLS_VERIFY: String(o.insecureSkipTLSVerify) },
  };
}

export function testRunManifest(o: ExportOptions): Record<string, unknown> {
  const fromSecret = (name: string, secret: string, optional = false) => ({
    name,
    valueFrom: { secretKeyRef: { name: secret, key: name, ...(optional ? { optional: true } : {}) } },
  });
  return {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name: o.name, namespace: o.namespace, labels: { 'app.kubernetes.io/managed-by': 'kube-stream-bench' } },
    spec: {
      parallelism: o.parallelism,
      script: { configMap: { name: o.name, file: 'script.js' } },
      separate: false,
      arguments: ['--no-usage-report', ...Object.entries(o.tags).map(([k, v]) => `--tag ${k}=${v}`)].join(' '),
      cleanup: 'post',
      runner: {
        image: o.runnerImage,
        env: [
          fromSecret('KSB_TARGET_URL', `${o.name}-target`),
          fromSecret('KSB_INSECURE_SKIP_TLS_VERIFY', `${o.name}-target`),
          fromSecret('KSB_TOKEN', `${o.name}${TOKEN_SECRET_SUFFIX}`, true),
          { name: 'K6_AUTO_EXTENSION_RESOLUTION', value: 'false' },
        ],
        resources: { requests: { cpu: o.runnerCpu, memory: o.runnerMemory }, limits: { cpu: o.runnerCpu, memory: o.runnerMemory } },
      },
    },
  };
}

export function exportReadme(o: ExportOptions, workloadLine: string): string {
  return `# ${o.name}: ${workloadLine} on k6-operator

Apply in this order (the TestRun CRD comes with k6-operator):

    kubectl -n ${o.namespace} create secret generic ${o.name}${TOKEN_SECRET_SUFFIX} --from-file=KSB_TOKEN=./token   # the apiserver bearer token; never stored here
    kubectl apply -f configmap.yaml -f secret.yaml
    kubectl apply -f testrun.yaml

k6-operator starts ${o.parallelism} runners, each with its own --execution-segment: informer counts, object names
and informer identities stay unique and add up to the workload's totals.

Memory is measured from outside the runners, against the same cluster, for the window of the test:

    ksb collect --target kubeconfig --context <ctx> [--allow-remote] --duration <test length> --out results/

which writes samples.csv (apiserver /metrics every 500 ms) for that window.
`;
}

export function toYaml(doc: Record<string, unknown>): string {
  return stringify(doc, { lineWidth: 0 });
}

/** The stock k6 image (k6's JS client only) that a k6-operator TestRun uses unless --runner-image names another. */
export const STOCK_K6_IMAGE = 'grafana/k6:1.7.1';
