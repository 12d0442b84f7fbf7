// Where the target is, read from k6's environment (never baked into the script, so no token is ever in it).
import type { Connection } from 'k6/x/kube';
import type { ContentType } from '../plan/plan';
export interface TargetEnv {
  baseUrl: string;
  wsBaseUrl: string;
  headers: Record<string, string>;
  origin: string;
}

export function targetFromEnv(): TargetEnv {
  const url = (__ENV.KSB_TARGET_URL || '').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(url)) {
    throw new Error(
      `KSB_TARGET_URL must be the apiserver's base URL like https://127.0.0.1:6443, got "${url}" (pass -e KSB_TARGET_URL=...)`,
    );
  }
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Encoding': 'identity' };
  if (__ENV.KSB_TOKEN) headers.Authorization = `Bearer ${__ENV.KSB_TOKEN}`;
  return { baseUrl: url, wsBaseUrl: url.replace(/^http/, 'ws'), headers, origin: url };
}

export function collectionPath(resource: string, namespace: string): string {
  return namespace ? `/api/v1/namespaces/${namespace}/${resource}` : `/api/v1/${resource}`;
}

export function query(params: Record<string, string | number | boolean | undefined>): string {
  const parts: string[] = [];
  for (const k of Object.keys(params)) {
    const v = params[k];
    if (v === undefined) continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The same target as a k6/x/kube connection; the credentials come from the environment, as for the JS client. */
export function kubeConnection(contentType: ContentType, http1: boolean, compression: boolean): Connection {
  const env = targetFromEnv();
  const c: Connection = {
    url: env.baseUrl,
    insecureSkipTLSVerify: __ENV.KSB_INSECURE_SKIP_TLS_VERIFY === 'true',
    contentType,
    http1,
    compression,
  };
  if (__ENV.KSB_TOKEN) c.token = __ENV.KSB_TOKEN;
  if (__ENV.KSB_CLIENT_CERT) {
    c.clientCertPem = __ENV.KSB_CLIENT_CERT;
    c.clientKeyPem = __ENV.KSB_CLIENT_KEY;
  }
  return c;
}
