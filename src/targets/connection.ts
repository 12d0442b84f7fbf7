// How to talk to a target through @kubernetes/client-node: its connection (URL, token, CA, client certificate) as a KubeConfig.
// client-node is loaded on first use: importing it takes ~0.9 s, which every `ksb` command that never calls the
// Kubernetes API (compare, report, gather, mock, …) and every test spawning one would otherwise pay.
import type { KubeConfig } from '@kubernetes/client-node';
import type { Connection } from './target.js';

export const loadClientNode = () => import('@kubernetes/client-node');

const b64 = (pem?: string) => (pem ? Buffer.from(pem).toString('base64') : undefined);

/** KubeConfig.loadFromOptions' argument for a target's connection (token, CA, client certificate). */
export function kubeConfigOptions(t: Connection): Parameters<KubeConfig['loadFromOptions']>[0] {
  return {
    clusters: [
      {
        name: 'target',
        server: t.url,
        skipTLSVerify: t.url.startsWith('http:') || t.insecureSkipTLSVerify,
        caData: b64(t.caPem),
      },
    ],
    users: [{ name: 'ksb', token: t.token, certData: b64(t.clientCert?.certPem), keyData: b64(t.clientCert?.keyPem) }],
    contexts: [{ name: 'target', cluster: 'target', user: 'ksb' }],
    currentContext: 'target',
  };
}

/** A client-node config for a target's connection. */
export async function kubeConfigFor(t: Connection): Promise<KubeConfig> {
  const { KubeConfig } = await loadClientNode();
  const kc = new KubeConfig();
  kc.loadFromOptions(kubeConfigOptions(t));
  return kc;
}
