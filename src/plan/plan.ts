// The compiled plan: plain data that the Node side builds and an engine runs — ksb-runner (runner/plan.go reads
// it as JSON) or a user's own k6 (the k6 script carries it inline). No imports: this file must load in k6 too.

/** The plan format ksb-runner reads; bump it (and runner/plan.go planFormat) when a field changes meaning. */
export const PLAN_FORMAT = 1;

export type ClientMode = 'list-watch' | 'watchlist';
type ListMode = 'rv0' | 'consistent' | 'paginated';
/** A LIST's response encoding; cbor needs a server with CBORServingAndStorage (alpha through 1.37). */
export type Accept = 'json' | 'protobuf' | 'cbor';
export const ACCEPTS: readonly Accept[] = ['json', 'protobuf', 'cbor'];

/**
 * Who makes the requests. client-go: real client-go shared informers and a streamed LIST (ksb-runner), what
 * controllers run. js: k6/http LISTs and k6/websockets watches, for users who run the k6 script with their own k6.
 */
export type ClientKind = 'client-go' | 'js';
export const CLIENT_KINDS: readonly ClientKind[] = ['client-go', 'js'];
/**
 * client-go's content type: json, protobuf (what kube-controller-manager uses), cbor (client-go's ClientsAllowCBOR,
 * a server with CBORServingAndStorage), or client-go's default.
 */
export type ContentType = 'json' | 'protobuf' | 'cbor' | 'default';
export const CONTENT_TYPES: readonly ContentType[] = ['json', 'protobuf', 'cbor', 'default'];

export interface ClientSpec {
  kind: ClientKind;
  /** client-go only: encoding of requests and responses */
  contentType: ContentType;
  /** client-go only: HTTP/1.1 chunked watches instead of HTTP/2 */
  http1: boolean;
  /** client-go only: ask for gzip, as client-go's transport does by default */
  compression: boolean;
  /** client-go only: one client (one connection) for all informers instead of one each */
  shareClient: boolean;
  /** client-go only: false keeps only metadata in the informers' stores */
  keepObjects: boolean;
}

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
  /** Informers stay open this long after every informer (of one VU) has synced. */
  holdMs: number;
  /** Longest wait for every informer to sync before the hold starts anyway; an informer not synced by then is an error row. */
  syncTimeoutMs: number;
  startAfterMs: number;
  /** resourceVersion of a legacy informer's initial LIST: "0" (watch cache) or "" (consistent); js client only. */
  listResourceVersion: '0' | '';
  /** Optional arrival profile; without it every informer starts at once. */
  stages?: Stage[];
  client: ClientSpec;
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
  client: ClientSpec;
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
  /** client-go: streamed LIST through client-go's transport (ksb-runner); js: k6/http (--engine k6) */
  client: ClientKind;
  /** client-go only: decode the body into typed objects, as a client-go List call does, instead of streaming it past */
  decode: boolean;
  /** client-go only: ask for gzip (client-go's default) */
  compression: boolean;
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

export interface Plan {
  format: typeof PLAN_FORMAT;
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

/** Whether any scenario is run by client-go (ksb-runner); a k6 script of such a plan needs k6/x/kube. */
export function usesClientGo(scenarios: Scenario[]): boolean {
  return scenarios.some((s) => (s.kind === 'list-storm' ? s.client === 'client-go' : s.kind !== 'churn' && s.client.kind === 'client-go'));
}
