// Kubeconfig files for tests, built as objects and written by the yaml library: one cluster, one user and the
// current context, plus any other contexts a test needs (each with a cluster of its own name).
import { stringify } from 'yaml';

export interface TestKubeconfig {
  /** The current context's server. */
  server: string;
  /** The current context's name. */
  context: string;
  /** The user's credentials as kubeconfig writes them ({ token }, { exec }, { 'auth-provider' }); none unless given. */
  user?: Record<string, unknown>;
  /** The user's name; "u" unless given. */
  userName?: string;
  /** insecure-skip-tls-verify on the current context's cluster (loopback test servers); true unless false. */
  insecure?: boolean;
  /** More contexts, by name, each to its own server (verified: no insecure-skip-tls-verify). */
  others?: Record<string, string>;
}

export function kubeconfigYaml(k: TestKubeconfig): string {
  const userName = k.userName ?? 'u';
  const others = Object.entries(k.others ?? {});
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'c', cluster: { server: k.server, ...(k.insecure === false ? {} : { 'insecure-skip-tls-verify': true }) } },
      ...others.map(([name, server]) => ({ name, cluster: { server } })),
    ],
    users: [{ name: userName, user: k.user ?? {} }],
    contexts: [
      { name: k.context, context: { cluster: 'c', user: userName } },
      ...others.map(([name]) => ({ name, context: { cluster: name, user: userName } })),
    ],
    'current-context': k.context,
  });
}
