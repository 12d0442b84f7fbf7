// Who may talk to a local target and how: the admin token that seeds and samples, the load's own user, the
// service-account signing key, and the kubeconfig written for the user. Tokens stay in memory and in files of the
// target's directory (mode 0600), never in results.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { targetRequest } from '../http-get.js';
import type { Connection, LoadIdentity } from '../target.js';

const LOAD_USER = 'ksb-load';
const LOAD_GROUP = 'ksb:load';
/** How the load's user gets its rights, as run.json records it. */
export const LOAD_BINDING = `ClusterRoleBinding ${LOAD_USER} to cluster-admin`;

export interface LocalCredentials {
  /** in system:masters: seeds, samples, sets up RBAC */
  adminToken: string;
  /**
   * The load's own user: system:masters is exempt from API Priority and Fairness, so the engine runs as a user
   * bound to cluster-admin through RBAC, which APF classifies like any other.
   */
  load: LoadIdentity;
  /** kube-apiserver's --token-auth-file */
  tokenFile: string;
  /** kube-apiserver's service-account key (it signs and verifies with the same key) */
  serviceAccountKeyFile: string;
}

/** New tokens and a new service-account key, written into `dir`; every kube-apiserver of the target shares them. */
export async function writeCredentials(dir: string): Promise<LocalCredentials> {
  const adminToken = randomBytes(24).toString('hex');
  const load: LoadIdentity = { token: randomBytes(24).toString('hex'), user: LOAD_USER, groups: [LOAD_GROUP] };
  const serviceAccountKeyFile = join(dir, 'sa.key');
  const tokenFile = join(dir, 'tokens.csv');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await writeFile(serviceAccountKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  await writeFile(
    tokenFile,
    `${adminToken},ksb-admin,ksb-admin,"system:masters"\n${load.token},${LOAD_USER},${LOAD_USER},"${LOAD_GROUP}"\n`,
    { mode: 0o600 },
  );
  return { adminToken, load, tokenFile, serviceAccountKeyFile };
}

/**
 * Binds the load's group to cluster-admin (with the admin's connection) and waits until the load's user is allowed
 * to read, as RBAC's informers take the binding in within moments of its creation.
 */
export async function bindLoadUser(admin: Connection, load: Connection): Promise<void> {
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: LOAD_USER },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: LOAD_GROUP }],
  };
  const res = await targetRequest(admin, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', binding);
  if (res.status !== 201 && res.status !== 409)
    throw new Error(`local target: binding ${LOAD_USER} to cluster-admin: HTTP ${res.status}: ${res.body.slice(0, 200)}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const probe = await targetRequest(load, 'GET', '/api/v1/namespaces/default/configmaps?limit=1').catch(() => ({ status: 0 }));
    if (probe.status === 200) return;
    if (Date.now() > deadline)
      throw new Error(`local target: ${LOAD_USER} still could not list configmaps 30 s after its binding (HTTP ${probe.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A kubeconfig for the admin's connection, verifying the serving certificate with the connection's CA. */
export async function writeKubeconfig(file: string, c: Connection): Promise<void> {
  if (!c.caPem || !c.token) throw new Error('local target: a kubeconfig needs the CA and the admin token');
  const kubeconfig = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'ksb-local', cluster: { server: c.url, 'certificate-authority-data': Buffer.from(c.caPem).toString('base64') } }],
    users: [{ name: 'ksb-admin', user: { token: c.token } }],
    contexts: [{ name: 'ksb-local', context: { cluster: 'ksb-local', user: 'ksb-admin' } }],
    'current-context': 'ksb-local',
  });
  await writeFile(file, kubeconfig, { mode: 0o600 });
}
