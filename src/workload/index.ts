// What workload files import.
export { churn, client, defineWorkload, informers, listStorm, reconnectStorm, type SeedSpec, type WorkloadDefinition } from './define.js';
export { param } from './params.js';
export { clientFrom, clientParams } from './client-params.js';
export { stepProfile } from '../plan/stages.js';
export { ACCEPTS } from '../plan/plan.js';

/** A linear ramp to `count` informers over `durationMs`. */
export function rampProfile(count: number, durationMs: number) {
  return [{ durationMs, target: count }];
}
