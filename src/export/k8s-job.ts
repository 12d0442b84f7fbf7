// Manifests that run a workload on a Kubernetes cluster with ksb-runner: a ConfigMap with the compiled plan and an
// Indexed Job (batch/v1) whose N pods each run one segment of it (`--segment $(JOB_COMPLETION_INDEX)/N`). The
// token is never written: the pods read it from a Secret the user creates. `ksb gather` turns the pods' output
// back into a run directory.
import { stringify } from 'yaml';

export interface JobOptions {
  name: string; // DNS-1123 label for the objects
  namespace: string;
  segments: number;
  /** plan.json as the runner reads it (src/plan, with its format) */
  planJson: string;
  image: string;
  imagePullPolicy?: string;
  targetUrl: string;
  insecureSkipTLSVerify: boolean;
  /** the Secret (created by the user) and its key holding the bearer token */
  tokenSecret: string;
  tokenKey: string;
  /** CA bundle of the target inside the pod; default: the service account's, i.e. the pods' own cluster */
  caFile?: string;
  cpu: string;
  memory: string;
  /** the runner's --memory-budget (bytes): what it refuses plans above and stops at */
  memoryBudgetBytes: number;
  priorityClassName?: string;
  serviceAccountName?: string;
  labels: Record<string, string>;
}

const SERVICE_ACCOUNT_CA = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';
const PLAN_DIR = '/plan';

const meta = (o: JobOptions, name = o.name) => ({
  name,
  namespace: o.namespace,
  labels: { 'app.kubernetes.io/managed-by': 'kube-stream-bench', 'app.kubernetes.io/name': 'ksb-runner', ...o.labels },
});

export function planConfigMap(o: JobOptions): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(o, `${o.name}-plan`), data: { 'plan.json': o.planJson } };
}

/** The pod's arguments; $(JOB_COMPLETION_INDEX) is expanded by the kubelet from the env below. */
function runnerArgs(o: Pick<JobOptions, 'segments' | 'memoryBudgetBytes'>): string[] {
  return [
    'run',
    '--plan',
    `${PLAN_DIR}/plan.json`,
    '--segment',
    `$(JOB_COMPLETION_INDEX)/${o.segments}`,
    '--out',
    '-',
    '--memory-budget',
    String(o.memoryBudgetBytes),
  ];
}

export function indexedJob(o: JobOptions): Record<string, unknown> {
  const env: Array<Record<string, unknown>> = [
    // The Job controller sets it too; declared here so $(JOB_COMPLETION_INDEX) in args never depends on that.
    {
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
    },
    { name: 'KSB_TARGET_URL', value: o.targetUrl },
    { name: 'KSB_TOKEN', valueFrom: { secretKeyRef: { name: o.tokenSecret, key: o.tokenKey } } },
    o.insecureSkipTLSVerify
      ? { name: 'KSB_INSECURE_SKIP_TLS_VERIFY', value: 'true' }
      : { name: 'KSB_CA_FILE', value: o.caFile ?? SERVICE_ACCOUNT_CA },
  ];
  const resources = { cpu: o.cpu, memory: o.memory };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(o),
    spec: {
      completionMode: 'Indexed',
      completions: o.segments,
      parallelism: o.segments,
      // A retried segment would be counted twice: a failed pod is a failed segment, and gather says which.
      backoffLimit: 0,
      template: {
        metadata: { labels: { 'app.kubernetes.io/managed-by': 'kube-stream-bench', 'app.kubernetes.io/name': 'ksb-runner', ...o.labels } },
        spec: {
          restartPolicy: 'Never',
          ...(o.priorityClassName ? { priorityClassName: o.priorityClassName } : {}),
          ...(o.serviceAccountName ? { serviceAccountName: o.serviceAccountName } : {}),
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'runner',
              image: o.image,
              ...(o.imagePullPolicy ? { imagePullPolicy: o.imagePullPolicy } : {}),
              args: runnerArgs(o),
              env,
              resources: { requests: resources, limits: resources },
              // The root file system is read-only; /tmp (the image's HOME) is a small scratch volume.
              volumeMounts: [
                { name: 'plan', mountPath: PLAN_DIR, readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            },
          ],
          volumes: [
            { name: 'plan', configMap: { name: `${o.name}-plan` } },
            { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
          ],
        },
      },
    },
  };
}

export function jobReadme(o: JobOptions, workloadLine: string): string {
  const n = o.segments;
  return `# ${o.name}: ${workloadLine} as an Indexed Job of ${n} ksb-runner pods

1. The runner image: \`ksb export runner-image -o runner.oci.tar\`, then load or push it as \`${o.image}\`
   (\`kind load image-archive runner.oci.tar\`, \`skopeo copy oci-archive:runner.oci.tar docker://<registry>/…\`
   or \`crane push runner.oci.tar <registry>/…\`).
2. The token the runners use (never stored in these files), in the Secret \`${o.tokenSecret}\`, key \`${o.tokenKey}\`:

       kubectl -n ${o.namespace} create secret generic ${o.tokenSecret} --from-file=${o.tokenKey}=./token

3. Seed the objects the workload expects, then start the pods:

       kubectl apply -f configmap.yaml -f job.yaml

   Pod i runs segment i/${n}: a contiguous slice of the informers, its share of the LIST-storm concurrency
   and of the churn rate; the ${n} segments together are the whole workload.
   To measure the apiserver for the window: \`ksb collect --target kubeconfig --context <ctx> --duration <length>\`.

4. When the Job has completed, bring the output back into a run directory that \`ksb compare\` and
   \`ksb report\` read:

       kubectl -n ${o.namespace} wait --for=condition=complete --timeout=-1s job/${o.name}
       kubectl -n ${o.namespace} logs -l job-name=${o.name} --prefix --tail=-1 --max-log-requests=${Math.max(n, 5)} > ${o.name}.log
       ksb gather ${o.name}.log --job . -o results/${o.name}

   \`--job .\` is this directory (its job.json holds the workload, parameters and variant).
`;
}

export function toYaml(doc: Record<string, unknown>): string {
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}
