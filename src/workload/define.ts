// defineWorkload(): the typed shape of a workload file, and the scenario library it builds from.
import type { ChurnScenario, ClientSpec, InformersScenario, ListStormScenario, ReconnectStormScenario, Scenario } from '../plan/plan.js';
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

/** client-go informers with protobuf, HTTP/2 where TLS allows, one client per informer, objects kept: a controller's defaults. */
const DEFAULT_CLIENT: ClientSpec = {
  kind: 'client-go',
  contentType: 'protobuf',
  http1: false,
  compression: true,
  shareClient: false,
  keepObjects: true,
};

/** The client of a scenario: the default with what the workload chose. */
export function client(o: Partial<ClientSpec> = {}): ClientSpec {
  return { ...DEFAULT_CLIENT, ...o };
}

/** N informers that sync (LIST+WATCH or WatchList, per variant) and keep watching for holdMs after all synced. */
export function informers(
  o: Opt<InformersScenario, 'name' | 'startAfterMs' | 'listResourceVersion' | 'stages' | 'client' | 'syncTimeoutMs'>,
): InformersScenario {
  return {
    kind: 'informers',
    name: 'informers',
    startAfterMs: 0,
    listResourceVersion: '0',
    syncTimeoutMs: 60_000,
    client: DEFAULT_CLIENT,
    ...o,
  };
}

/** Informers sync, then every watch drops at once and all resync, `drops` times. */
export function reconnectStorm(
  o: Opt<ReconnectStormScenario, 'name' | 'startAfterMs' | 'listResourceVersion' | 'trigger' | 'client'>,
): ReconnectStormScenario {
  return {
    kind: 'reconnect-storm',
    name: 'reconnect_storm',
    startAfterMs: 0,
    listResourceVersion: '0',
    trigger: 'client',
    client: DEFAULT_CLIENT,
    ...o,
  };
}

/** N concurrent clients each LIST `repeats` times. */
export function listStorm(
  o: Opt<ListStormScenario, 'name' | 'startAfterMs' | 'accept' | 'pageSize' | 'client' | 'decode' | 'compression'>,
): ListStormScenario {
  return {
    kind: 'list-storm',
    name: 'list_storm',
    startAfterMs: 0,
    accept: 'json',
    pageSize: 500,
    client: 'client-go',
    decode: false,
    compression: true,
    ...o,
  };
}

/** Object updates at a fixed rate, so watches carry events. */
export function churn(o: Opt<ChurnScenario, 'name' | 'startAfterMs'>): ChurnScenario {
  return { kind: 'churn', name: 'churn', startAfterMs: 0, ...o };
}
