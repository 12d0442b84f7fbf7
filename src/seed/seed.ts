// Seeding through the real API client (@kubernetes/client-node), concurrently, skipping what exists.
import type { SeedSpec } from '../workload/define.js';
import { kubeConfigFor, loadClientNode } from '../targets/connection.js';
import type { RunningTarget } from '../targets/target.js';
import { makeSeedObject, seedObjectName } from './object-factory.js';

function code(e: unknown): number | undefined {
  return (e as { code?: number }).code;
}

export interface SeedProgress {
  start(total: number): void;
  tick(done: number): void;
  stop(): void;
}

/** Creates spec.count objects named ksb-000000…; returns how many were created (0 when already seeded). */
export async function seed(t: RunningTarget, spec: SeedSpec, progress?: SeedProgress, concurrency = 16): Promise<number> {
  const { CoreV1Api } = await loadClientNode();
  const api = (await kubeConfigFor(t)).makeApiClient(CoreV1Api);
  try {
    await api.createNamespace({ body: { metadata: { name: spec.namespace } } });
  } catch (e) {
    if (code(e) !== 409) throw new Error(`seeding: creating namespace ${spec.namespace} failed: ${(e as Error).message}`, { cause: e });
  }
  const list = spec.resource === 'secrets' ? api.listNamespacedSecret.bind(api) : api.listNamespacedConfigMap.bind(api);
  const probe = await list({ namespace: spec.namespace, limit: 1 });
  const existing = probe.items.length + (probe.metadata?.remainingItemCount ?? 0);
  if (existing >= spec.count) return 0;

  progress?.start(spec.count);
  let next = 0;
  let done = 0;
  let created = 0;
  const worker = async () => {
    while (next < spec.count) {
      const name = seedObjectName(next++);
      const body = makeSeedObject(spec.resource, name, spec.objectBytes) as never;
      try {
        if (spec.resource === 'secrets') await api.createNamespacedSecret({ namespace: spec.namespace, body });
        else await api.createNamespacedConfigMap({ namespace: spec.namespace, body });
        created++;
      } catch (e) {
        if (code(e) !== 409)
          throw new Error(`seeding ${spec.resource}/${name} failed: ${(e as Error).message.slice(0, 300)}`, { cause: e });
      }
      progress?.tick(++done);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    progress?.stop();
  }
  return created;
}
