// What workload files import.
export { churn, defineWorkload, informers, listStorm, reconnectStorm, type SeedSpec, type WorkloadDefinition } from './define.js';
export { param } from './params.js';
