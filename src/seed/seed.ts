// Seeding through the API, concurrently, skipping what exists. Plain POSTs with the target's credentials: the
// created objects come back from the server and are dropped unread (a typed client parsed each 350 KB reply).
import type { SeedSpec } from '../workload/define.js';
import { targetCreate, targetGet } from '../targets/http-get.js';
import type { RunningTarget } from '../targets/target.js';
import { makeSeedObject, seedObjectName } from './object-factory.js';

export interface SeedProgress {
  start(total: number): void;
  tick(done: number): void;
  stop(): void;
}

function failure(status: number, body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    if (typeof message === 'string') return `HTTP ${status}: ${message}`;
  } catch {
    // not a Status: the raw body says more
  }
  return `HTTP ${status}: ${body.slice(0, 300)}`;
}

/** Creates spec.count objects named ksb-000000…; returns how many were created (0 when already seeded). */
export async function seed(t: RunningTarget, spec: SeedSpec, progress?: SeedProgress, concurrency = 16): Promise<number> {
  const ns = await targetCreate(t, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: spec.namespace } });
  if (ns.status >= 300 && ns.status !== 409)
    throw new Error(`seeding: creating namespace ${spec.namespace} failed: ${failure(ns.status, ns.body)}`);
  const collection = `/api/v1/namespaces/${spec.namespace}/${spec.resource}`;
  const probe = await targetGet(t, `${collection}?limit=1`, 30_000);
  if (probe.status !== 200)
    throw new Error(`seeding: listing ${spec.resource} in ${spec.namespace} failed: ${failure(probe.status, probe.body)}`);
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
      const res = await targetCreate(t, collection, makeSeedObject(spec.resource, name, spec.objectBytes));
      if (res.status < 300) created++;
      else if (res.status !== 409) throw new Error(`seeding ${spec.resource}/${name} failed: ${failure(res.status, res.body)}`);
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
