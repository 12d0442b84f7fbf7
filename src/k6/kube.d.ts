// Types of k6/x/kube: a k6 extension with client-go informers that a user may build into their own k6 (kube-stream-bench no longer builds k6: it is AGPL-3.0; ksb-runner runs the same informers).
// Real client-go clients inside k6: shared informers (reflector, DeltaFIFO, indexer) and a lean LIST.
declare module 'k6/x/kube' {
  /** Where the apiserver is and how to authenticate; credentials stay in the k6 process's memory. */
  export interface Connection {
    /** The apiserver's base URL, e.g. https://127.0.0.1:6443 */
    url: string;
    token?: string;
    insecureSkipTLSVerify?: boolean;
    clientCertPem?: string;
    clientKeyPem?: string;
    /** json (default); protobuf, asked for alone, so a target that cannot serve it fails with the status; or client-go's default (JSON in v0.33). */
    contentType?: 'json' | 'protobuf' | 'cbor' | 'default';
    /** Force HTTP/1.1 (chunked watches); otherwise TLS targets negotiate HTTP/2, as client-go does. */
    http1?: boolean;
    /** false: do not ask for gzip. Default true, as client-go's transport (kube-apiserver compresses large responses). */
    compression?: boolean;
  }

  /** Low-cardinality tags on every sample; per-observation values travel as sample metadata. */
  export interface ObservationTags {
    variant: string;
    scenario: string;
  }

  export type CoreResource = 'secrets' | 'configmaps' | 'pods' | 'services' | 'namespaces' | 'events';

  export interface InformerOptions {
    connection: Connection;
    resource: CoreResource;
    /** '' watches every namespace */
    namespace: string;
    count: number;
    /** Informers are numbered firstId … firstId+count-1 in the results (default 0). */
    firstId?: number;
    /** list-watch: LIST resourceVersion=0 with client-go's pager, then WATCH. watchlist: client-go's WatchListClient path. */
    mode: 'list-watch' | 'watchlist';
    /** One client (one connection) for every informer, as the informers of one process share; default: one client each. */
    shareClient?: boolean;
    /** false keeps only object metadata in the stores (objects are still decoded); default true. */
    keepObjects?: boolean;
    /** How long the informers stay open after every one of them synced. */
    holdMs: number;
    /** Longest wait for every informer to sync; one that has not is an error row naming this timeout. */
    syncTimeoutMs: number;
    /** Unix times (ms) at which every open watch is closed at once; the reflectors resume as client-go does. */
    dropAt?: number[];
    /** Unix time (ms) until which the informers stay open, however early they synced. */
    openUntil?: number;
    tags: ObservationTags;
  }

  export interface InformersResult {
    count: number;
    synced: number;
    /** ADDED/MODIFIED/DELETED events delivered to the informers' handlers */
    events: number;
    /** response body bytes received, LISTs and watches */
    bytes: number;
    /** LISTs from the start after the first (list-watch), or any LIST (watchlist: a fallback) */
    relists: number;
    watchRestarts: number;
    errors: number;
    objectsInStore: number;
    /** from the call until every informer synced (or the sync timeout) */
    allSyncedMs: number;
  }

  export interface ListOptions {
    connection: Connection;
    resource: CoreResource;
    namespace: string;
    resourceVersion?: string;
    limit?: number;
    continue?: string;
    /** true decodes the body into typed objects as client-go does; false (default) streams it, counting items. */
    decode?: boolean;
    timeoutMs?: number;
    tags: ObservationTags;
  }

  export interface ListResult {
    status: number;
    durationMs: number;
    ttfbMs?: number;
    bytes: number;
    objects?: number;
    resourceVersion?: string;
    continue?: string;
    contentType: string;
    error?: string;
  }

  /** Runs `count` client-go shared informers until all synced plus the hold; rows go to ksb_request_duration_ms. */
  export function informers(options: InformerOptions): Promise<InformersResult>;
  /** One LIST (one page when limit is set), its body streamed. */
  export function list(options: ListOptions): Promise<ListResult>;
  /** Which client produced the numbers. */
  export function clientVersion(): { clientGo: string; extension: string };

  const kube: { informers: typeof informers; list: typeof list; clientVersion: typeof clientVersion };
  export default kube;
}
