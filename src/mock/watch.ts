// WATCH and WatchList: one event source, written to chunked HTTP or to a WebSocket by a sink.
import { waitForResourceVersion } from './list.js';
import { parseResourceVersion, type ListOptions } from './list-options.js';
import type { MockMetrics } from './metrics.js';
import { withTypeMeta } from './objects.js';
import type { ResourceDef } from './resources.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { Store, StoreEvent, StoredObject } from './store.js';

export interface WatchSink {
  /** Sends one event; resolves when the transport can take the next one. */
  send(event: Buffer): Promise<void>;
  readonly closed: boolean;
  onClose(cb: () => void): void;
  close(): void;
}

export interface WatchRequest {
  store: Store;
  def: ResourceDef;
  namespace: string;
  opts: ListOptions;
  metrics: MockMetrics;
  bookmarkIntervalMs: number;
  defaultTimeoutSeconds: number;
}

export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

function eventBytes(def: ResourceDef, type: string, obj: StoredObject): Buffer {
  return Buffer.concat([Buffer.from(`{"type":"${type}","object":`), withTypeMeta(def, obj.item), Buffer.from('}')]);
}

function bookmarkBytes(def: ResourceDef, rv: number, initialEventsEnd: boolean): Buffer {
  const metadata: Record<string, unknown> = { resourceVersion: String(rv), creationTimestamp: null };
  if (initialEventsEnd) metadata.annotations = { [INITIAL_EVENTS_END]: 'true' };
  return Buffer.from(JSON.stringify({ type: 'BOOKMARK', object: { kind: def.kind, apiVersion: 'v1', metadata } }));
}

function expiredBytes(requested: number, oldest: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${requested} (${oldest})`, reason: 'Expired', code: 410 },
    }),
  );
}

export async function runWatch(sink: WatchSink, req: WatchRequest): Promise<void> {
  const { store, def, namespace, opts } = req;
  const matchLabels = parseLabelSelector(opts.labelSelector);
  const matchFields = parseFieldSelector(opts.fieldSelector);
  const matches = (o: StoredObject) =>
    (!namespace || o.namespace === namespace) && matchLabels(o.labels) && matchFields({ 'metadata.name': o.name, 'metadata.namespace': o.namespace });

  const queue: StoreEvent[] = [];
  let wake: (() => void) | undefined;
  const onEvent = (e: StoreEvent) => {
    if (e.object.resource !== def.name) return;
    queue.push(e);
    wake?.();
  };
  const timeoutMs = (opts.timeoutSeconds && opts.timeoutSeconds > 0 ? opts.timeoutSeconds : req.defaultTimeoutSeconds) * 1000;
  const deadline = Date.now() + timeoutMs;
  sink.onClose(() => wake?.());
  store.events.on('event', onEvent);
  try {
    const started = process.hrtime.bigint();
    const rvParam = opts.resourceVersion;
    const sendsInitial = opts.sendInitialEvents === true || ((rvParam === '' || rvParam === '0') && opts.sendInitialEvents === undefined);
    let lastRV: number;
    if (sendsInitial) {
      if (rvParam !== '' && rvParam !== '0') await waitForResourceVersion(store, parseResourceVersion(rvParam));
      lastRV = store.currentRV();
      for (const obj of store.list(def.name, lastRV, namespace ? `${namespace}/` : '')) {
        if (sink.closed) return;
        if (matches(obj)) await sink.send(eventBytes(def, 'ADDED', obj));
      }
      if (opts.sendInitialEvents === true) {
        if (opts.allowWatchBookmarks) await sink.send(bookmarkBytes(def, lastRV, true));
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        req.metrics.observeWatchList(def.name, namespace ? 'namespace' : 'cluster', seconds);
      }
    } else {
      lastRV = rvParam === '' || rvParam === '0' ? store.currentRV() : parseResourceVersion(rvParam);
      const past = store.eventsSince(lastRV);
      if (past === 'expired') {
        await sink.send(expiredBytes(lastRV, store.compactedRevision() + 1));
        return;
      }
      queue.unshift(...past);
    }

    let nextBookmark = Date.now() + req.bookmarkIntervalMs;
    while (!sink.closed && Date.now() < deadline) {
      const e = queue.shift();
      if (e) {
        if (e.rv <= lastRV) continue;
        lastRV = e.rv;
        if (matches(e.object)) await sink.send(eventBytes(def, e.type, e.object));
        continue;
      }
      if (opts.allowWatchBookmarks && Date.now() >= nextBookmark) {
        await sink.send(bookmarkBytes(def, Math.max(lastRV, store.currentRV()), false));
        nextBookmark = Date.now() + req.bookmarkIntervalMs;
        continue;
      }
      const waitMs = Math.max(1, Math.min(deadline, opts.allowWatchBookmarks ? nextBookmark : deadline) - Date.now());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    store.events.off('event', onEvent);
    sink.close();
  }
}
