// Seeding through the API, concurrently, skipping what exists. Plain POSTs with the target's credentials: the
// created objects come back from the server and are dropped unread (a typed client parsed each 350 KB reply).
import type { SeedSpec } from '../workload/define.js';
import { requestFailed, targetGet, targetRequest } from '../targets/http-get.js';
import type { RunningTarget } from '../targets/target.js';
import { makeSeedObject, seedObjectName } from './object-factory.js';

/** The created object comes back whole (350 KB for a large Secret): only a failure's body is worth reading. */
const failed = (status: number) => status >= 300;

export interface SeedProgress {
  start(total: number): void;
  tick(done: number): void;
  stop(): void;
}

/** Creates spec.count objects named ksb-000000…; returns how many were created (0 when already seeded). */
export async function seed(t: RunningTarget, spec: SeedSpec, progress?: SeedProgress, concurrency = 16): Promise<number> {
  const ns = await targetRequest(t, 'POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: spec.namespace },
  });
  if (failed(ns.status) && ns.status !== 409) throw requestFailed(`seeding: creating namespace ${spec.namespace} failed`, ns);
  const collection = `/api/v1/namespaces/${spec.namespace}/${spec.resource}`;
  const probe = await targetGet(t, `${collection}?limit=1`, 30_000);
  if (probe.status !== 200) throw requestFailed(`seeding: listing ${spec.resource} in ${spec.namespace} failed`, probe);
  const page = JSON.parse(probe.body) as { items?: unknown[]; metadata?: { remainingItemCount?: number } };
  const existing = (page.items?.length ?? 0) + (page.metadata?.remainingItemCount ?? 0);
  if (existing >= spec.count) return 0;

  progress?.start(spec.count);
  let next = 0;
  let done = 0;
  let created = 0;
  const worker = async () => {
    while (next < spec.count) {
      const name = seedObjectName(next++);
      const res = await targetRequest(t, 'POST', collection, makeSeedObject(spec.resource, name, spec.objectBytes), 30_000, failed);
      if (res.status < 300) created++;
      else if (res.status !== 409) throw requestFailed(`seeding ${spec.resource}/${name} failed`, res);
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
