// What the k6 test double's modules share: the current VU's iteration (one AsyncLocalStorage context per VU,
// since every VU runs in this one Node process) and every metric sample the script added.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface VuContext {
  scenario: string;
  iterationInTest: number;
  startTime: number;
  metadata: Record<string, string>;
}

export interface Sample {
  metric: string;
  value: number;
  tags: Record<string, string>;
  metadata: Record<string, string>;
}

export const vu = new AsyncLocalStorage<VuContext>();
export const samples: Sample[] = [];
export const env: Record<string, string> = {};

export function current(): VuContext {
  const c = vu.getStore();
  if (!c) throw new Error('k6 double: called outside a VU (k6 allows this only in setup/init)');
  return c;
}
