// Objects of a chosen size for seeding: the payload is sized so the stored object is close to `bytes`.
export type SeedResource = 'secrets' | 'configmaps';

export function seedObjectName(index: number): string {
  return `ksb-${String(index).padStart(6, '0')}`;
}

export function makeSeedObject(
  resource: SeedResource,
  name: string,
  bytes: number,
  labels: Record<string, string> = {},
): Record<string, unknown> {
  const metadata = { name, labels: { 'app.kubernetes.io/managed-by': 'kube-stream-bench', ...labels } };
  const overhead = 200;
  const payload = Math.max(0, bytes - overhead);
  if (resource === 'secrets') {
    // base64 grows the raw bytes by 4/3; the stored object is about `bytes`.
    const rawLen = Math.floor((payload * 3) / 4);
    return { apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', data: { payload: Buffer.alloc(rawLen, name).toString('base64') } };
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata,
    data: { payload: name.repeat(Math.ceil(payload / name.length)).slice(0, payload) },
  };
}
