// WATCH and WatchList: one event source, written to chunked HTTP or to a WebSocket by a sink.
import { waitForResourceVersion } from './list.js';
import { parseResourceVersion, type ListOptions } from './list-options.js';
import type { MockMetrics } from './metrics.js';
import type { Encoding } from './negotiate.js';
import { bookmarkBody, watchErrorBody, watchEventBody } from './representations.js';
import type { ResourceDef } from './resources.js';
import { errors } from './status.js';
import { DISPATCH_BUDGET_MS } from './watch-buffer.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { selectableFields, type Store, type StoreEvent, type StoredObject } from './store.js';

export interface WatchSink {
  /** Sends one event; resolves when the transport can take the next one. */
  send(event: Buffer): Promise<void>;
  readonly closed: boolean;
  onClose(cb: () => void): void;
  close(): void;
  /** Ends the stream for a watcher that fell behind: cleanly if the client still reads, forcibly if not. */
  terminate(): void;
}

export interface WatchRequest {
  store: Store;
  def: ResourceDef;
  namespace: string;
  opts: ListOptions;
  metrics: MockMetrics;
  bookmarkIntervalMs: number;
  defaultTimeoutSeconds: number;
  encoding: Encoding;
  /** Events buffered for this watcher before a full buffer gets the dispatch budget, then termination. */
  bufferEvents: number;
}

export async function runWatch(sink: WatchSink, req: WatchRequest): Promise<void> {
  const { store, def, namespace, opts } = req;
  const matchLabels = parseLabelSelector(opts.labelSelector);
  const matchFields = parseFieldSelector(opts.fieldSelector, def.selectableFields);
  const matches = (o: StoredObject) =>
    (!namespace || o.namespace === namespace) && matchLabels(o.labels) && matchFields(selectableFields(o));

  const queue: StoreEvent[] = [];
  let wake: (() => void) | undefined;
  let terminated = false;
  let overflowTimer: NodeJS.Timeout | undefined;
  const onEvent = (e: StoreEvent) => {
    if (e.object.resource !== def.name || terminated) return;
    queue.push(e);
    wake?.();
    // A full buffer gets the dispatch budget to drain; a watcher still behind after it is terminated, as the
    // watch cache terminates it, so a slow reader costs the mock a bounded queue, not an unbounded one.
    if (queue.length > req.bufferEvents && !overflowTimer) {
      overflowTimer = setTimeout(() => {
        overflowTimer = undefined;
        if (queue.length <= req.bufferEvents || sink.closed) return;
        terminated = true;
        queue.length = 0;
        req.metrics.terminatedWatchers.inc({ resource: def.name });
        sink.terminate();
        wake?.();
      }, DISPATCH_BUDGET_MS);
    }
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
        if (matches(obj)) await sink.send(watchEventBody(def, 'ADDED', obj, req.encoding));
      }
      if (opts.sendInitialEvents === true) {
        if (opts.allowWatchBookmarks) await sink.send(bookmarkBody(def, lastRV, true, req.encoding));
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        req.metrics.observeWatchList(def.name, namespace ? 'namespace' : 'cluster', seconds);
      }
    } else {
      lastRV = rvParam === '' || rvParam === '0' ? store.currentRV() : parseResourceVersion(rvParam);
      const past = store.eventsSince(lastRV);
      if (past === 'expired') {
        await sink.send(
          watchErrorBody(errors.expired(`too old resource version: ${lastRV} (${store.compactedRevision() + 1})`).status, req.encoding),
        );
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
        if (matches(e.object)) await sink.send(watchEventBody(def, e.type, e.object, req.encoding));
        continue;
      }
      if (opts.allowWatchBookmarks && Date.now() >= nextBookmark) {
        await sink.send(bookmarkBody(def, Math.max(lastRV, store.currentRV()), false, req.encoding));
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
    clearTimeout(overflowTimer);
    store.events.off('event', onEvent);
    sink.close();
  }
}
