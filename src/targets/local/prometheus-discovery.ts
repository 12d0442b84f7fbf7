// Lets the user's Prometheus scrape the local target (--prometheus-file-sd): kube-apiserver and etcd are new
// processes on new ports every repetition, so ksb lists them in a file_sd file that a scrape job reads, and lets
// anonymous requests read /metrics (bound to the built-in system:monitoring role) so no token leaves ksb.
import { writeFileAtomic } from '../../files/atomic-write.js';
import { kubeConfigFor, loadClientNode } from '../connection.js';
import type { Connection } from '../target.js';

export async function allowAnonymousMetrics(c: Connection): Promise<void> {
  const { RbacAuthorizationV1Api } = await loadClientNode();
  await (await kubeConfigFor(c)).makeApiClient(RbacAuthorizationV1Api).createClusterRoleBinding({
    body: {
      metadata: { name: 'ksb-anonymous-metrics' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:monitoring' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:anonymous' }],
    },
  });
}

interface FileSdGroup {
  targets: string[];
  labels: Record<string, string>;
}

/** Prometheus file_sd groups: the apiserver over https (job apiserver) and etcd over http (job etcd). */
export function fileSdGroups(apiserverUrl: string, etcdUrl: string, labels: Record<string, string>): FileSdGroup[] {
  return [
    { targets: [new URL(apiserverUrl).host], labels: { job: 'apiserver', __scheme__: 'https', ...labels } },
    { targets: [new URL(etcdUrl).host], labels: { job: 'etcd', __scheme__: 'http', ...labels } },
  ];
}

export function writeFileSd(file: string, groups: FileSdGroup[]): Promise<void> {
  return writeFileAtomic(file, `${JSON.stringify(groups, null, 2)}\n`).catch((e: Error) => {
    throw new Error(`--prometheus-file-sd ${file}: ${e.message}`, { cause: e });
  });
}
