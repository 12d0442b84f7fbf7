// defineWorkload(): the typed shape of a workload file, and the scenario library it builds from.
import type { ChurnScenario, InformersScenario, ListStormScenario, ReconnectStormScenario, Scenario, Stage } from '../plan/plan.js';
import type { ParamSpec, ResolvedParams } from './params.js';

export interface SeedSpec {
  resource: 'secrets' | 'configmaps';
  namespace: string;
  count: number;
  objectBytes: number;
}

export interface WorkloadDefinition<P extends Record<string, ParamSpec> = Record<string, ParamSpec>> {
  name: string;
  description: string;
  params: P;
  seed(p: ResolvedParams<P>): SeedSpec;
  scenarios(p: ResolvedParams<P>): Scenario[];
}

export function defineWorkload<P extends Record<string, ParamSpec>>(def: WorkloadDefinition<P>): WorkloadDefinition<P> {
  return def;
}

type Opt<T, K extends keyof T> = Omit<T, K | 'kind'> & Partial<Pick<T, K>>;

/** N informers that sync (LIST+WATCH or WatchList, per variant) and keep watching for holdMs. */
export function informers(o: Opt<InformersScenario, 'name' | 'startAfterMs' | 'listResourceVersion' | 'stages'>): InformersScenario {
  return { kind: 'informers', name: 'informers', startAfterMs: 0, listResourceVersion: '0', ...o };
}

/** Informers sync, then every watch drops at once and all resync, `drops` times. */
export function reconnectStorm(o: Opt<ReconnectStormScenario, 'name' | 'startAfterMs' | 'listResourceVersion' | 'trigger'>): ReconnectStormScenario {
  return { kind: 'reconnect-storm', name: 'reconnect_storm', startAfterMs: 0, listResourceVersion: '0', trigger: 'client', ...o };
}

/** N concurrent clients each LIST `repeats` times. */
export function listStorm(o: Opt<ListStormScenario, 'name' | 'startAfterMs' | 'accept' | 'pageSize'>): ListStormScenario {
  return { kind: 'list-storm', name: 'list_storm', startAfterMs: 0, accept: 'json', pageSize: 500, ...o };
}

/** Object updates at a fixed rate, so watches carry events. */
export function churn(o: Opt<ChurnScenario, 'name' | 'startAfterMs'>): ChurnScenario {
  return { kind: 'churn', name: 'churn', startAfterMs: 0, ...o };
}

export type { Scenario, Stage };
