// The plan a compiled k6 script carries: plain data, shared by the Node side (which builds it) and the
// k6 side (which runs it). No imports: this file must load in both runtimes.

export type ClientMode = 'list-watch' | 'watchlist';
export type ListMode = 'rv0' | 'consistent' | 'paginated';
export type Accept = 'json' | 'protobuf';

/** A step of a ramping profile: reach `target` informers over `durationMs`. */
export interface Stage {
  durationMs: number;
  target: number;
}

export interface InformersScenario {
  kind: 'informers';
  name: string;
  count: number;
  resource: string;
  namespace: string; // '' watches all namespaces
  /** Informers stay open this long after the scenario starts. */
  holdMs: number;
  startAfterMs: number;
  /** resourceVersion of a legacy informer's initial LIST: "0" (watch cache) or "" (consistent). */
  listResourceVersion: '0' | '';
  /** Optional arrival profile; without it every informer starts at once. */
  stages?: Stage[];
}

export interface ReconnectStormScenario {
  kind: 'reconnect-storm';
  name: string;
  count: number;
  resource: string;
  namespace: string;
  /** Time between the informers being synced and every watch dropping at once. */
  dropAfterMs: number;
  /** How many drop-and-resync rounds. */
  drops: number;
  holdMs: number;
  startAfterMs: number;
  /** client: informers close their own watches; target-restart: the harness restarts the apiserver. */
  trigger: 'client' | 'target-restart';
  listResourceVersion: '0' | '';
}

export interface ListStormScenario {
  kind: 'list-storm';
  name: string;
  concurrency: number;
  repeats: number;
  resource: string;
  namespace: string;
  mode: ListMode;
  pageSize: number;
  accept: Accept;
  startAfterMs: number;
}

export interface ChurnScenario {
  kind: 'churn';
  name: string;
  ratePerSecond: number;
  durationMs: number;
  resource: string;
  namespace: string;
  /** Seeded object names are ksb-000000 … ksb-<objects-1>; churn patches these. */
  objects: number;
  startAfterMs: number;
}

export type Scenario = InformersScenario | ReconnectStormScenario | ListStormScenario | ChurnScenario;

export interface K6Plan {
  workload: string;
  variant: string;
  clientMode: ClientMode;
  scenarios: Scenario[];
  /** Informers per VU: one VU holds many WebSockets on its event loop. */
  informersPerVU: number;
  /** LIST bodies up to this size are read (to count items); larger ones are discarded unread. */
  readBodyLimitBytes: number;
  /** Expected size of one full LIST, from the seed spec; decides whether bodies are read. */
  expectedListBytes: number;
  /** Give up on a sync after this long. */
  syncTimeoutMs: number;
}
