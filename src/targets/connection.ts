// How to talk to a target through @kubernetes/client-node: its connection (URL, token, CA, client certificate) as a KubeConfig.
import { KubeConfig } from '@kubernetes/client-node';
import type { RunningTarget } from './target.js';

const b64 = (pem?: string) => (pem ? Buffer.from(pem).toString('base64') : undefined);

/** A client-node config for a target's connection (token, CA, client certificate). */
export function kubeConfigFor(t: Pick<RunningTarget, 'url' | 'token' | 'caPem' | 'clientCert' | 'insecureSkipTLSVerify'>): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'target',
        server: t.url,
        skipTLSVerify: t.url.startsWith('http:') || t.insecureSkipTLSVerify,
        caData: t.caPem ? Buffer.from(t.caPem).toString('base64') : undefined,
      },
    ],
    users: [{ name: 'ksb', token: t.token, certData: b64(t.clientCert?.certPem), keyData: b64(t.clientCert?.keyPem) }],
    contexts: [{ name: 'target', cluster: 'target', user: 'ksb' }],
    currentContext: 'target',
  });
  return kc;
}
