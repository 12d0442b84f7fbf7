// WATCH and WatchList over k6/websockets: one event per message, as kube-apiserver serves them.
import { clearTimeout, setTimeout } from 'k6/timers';
import type { Deadline } from './hold';
import { WebSocket } from 'k6/websockets';
import { collectionPath, query, type TargetEnv } from './env';

interface WatchProgress {
  /** ms from open request to the first event */
  ttfbMs?: number;
  /** ms from open request to the initial-events-end bookmark (WatchList only) */
  syncedMs?: number;
  initialObjects: number;
  initialBytes: number;
}

export interface WatchResult extends WatchProgress {
  opened: boolean;
  durationMs: number;
  events: number;
  bytes: number;
  /** The server (or the network) ended the watch before we did. */
  closedByServer: boolean;
  lastResourceVersion?: string;
  error?: string;
}

export interface WatchOptions {
  resource: string;
  namespace: string;
  params: Record<string, string | number | boolean | undefined>;
  /** When (ms since epoch) we close the watch ourselves; it may move earlier while the watch is open. */
  closeAt: Deadline;
  tags: Record<string, string>;
  onSynced?: (p: WatchProgress) => void;
}

const RV = /"resourceVersion":"(\d+)"/;

export function watch(env: TargetEnv, o: WatchOptions): Promise<WatchResult> {
  const url = env.wsBaseUrl + collectionPath(o.resource, o.namespace) + query({ ...o.params, watch: 1 });
  return new Promise((resolve) => {
    const started = Date.now();
    const r: WatchResult = { opened: false, durationMs: 0, events: 0, bytes: 0, initialObjects: 0, initialBytes: 0, closedByServer: true };
    let synced = false;
    let done = false;
    const ws = new WebSocket(url, null, {
      headers: { ...env.headers, Origin: env.origin },
      tags: { ...o.tags, name: `WATCH ${o.resource}` },
    });
    const closeOurselves = () => {
      r.closedByServer = false;
      ws.close();
    };
    let timer = setTimeout(closeOurselves, Math.max(0, o.closeAt.at() - Date.now()));
    const unsubscribe = o.closeAt.onEarlier(() => {
      clearTimeout(timer);
      timer = setTimeout(closeOurselves, Math.max(0, o.closeAt.at() - Date.now()));
    });
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      r.durationMs = Date.now() - started;
      resolve(r);
    };
    ws.onopen = () => {
      r.opened = true;
    };
    ws.onmessage = (e?: { data: unknown }) => {
      // JSON watch events arrive as text frames.
      const data = typeof e?.data === 'string' ? e.data : '';
      if (r.ttfbMs === undefined) r.ttfbMs = Date.now() - started;
      r.events++;
      r.bytes += data.length;
      // Every apiserver writes "type" first; reading it by position avoids parsing large objects.
      const type = data.slice(9, data.indexOf('"', 9));
      if (type === 'ERROR') {
        r.error = data.slice(0, 300);
        return;
      }
      if (type === 'BOOKMARK') {
        const rv = RV.exec(data);
        if (rv) r.lastResourceVersion = rv[1];
        if (!synced && data.indexOf('k8s.io/initial-events-end') >= 0) {
          synced = true;
          r.syncedMs = Date.now() - started;
          o.onSynced?.({ ttfbMs: r.ttfbMs, syncedMs: r.syncedMs, initialObjects: r.initialObjects, initialBytes: r.initialBytes });
        }
        return;
      }
      const rv = RV.exec(data.slice(0, 4096));
      if (rv) r.lastResourceVersion = rv[1];
      if (!synced) {
        r.initialObjects++;
        r.initialBytes += data.length;
      }
    };
    ws.onerror = (e?: { error?: string }) => {
      r.error = String(e?.error ?? 'websocket error').slice(0, 300);
      if (!r.opened) finish();
    };
    ws.onclose = finish;
  });
}
