// Raw HTTP and WebSocket access for what the typed client cannot express (bookmarks, 422s, byte-exact bodies).
import http from 'node:http';
import https from 'node:https';
import WebSocket from 'ws';
import type { TestTarget } from './target.js';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json<T = any>(): T;
}

export function raw(
  t: TestTarget,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; noAuth?: boolean; timeoutMs?: number } = {},
): Promise<RawResponse> {
  const url = new URL(path, t.url);
  const lib = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (t.token && !opts.noAuth) headers.Authorization = `Bearer ${t.token}`;
  let payload: Buffer | undefined;
  if (opts.body !== undefined) {
    payload = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
    headers['Content-Type'] ??= 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method, headers, ca: t.ca, timeout: opts.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout ${method} ${path}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export interface WatchEvent {
  type: string;
  object: any;
}

/**
 * Opens a watch over WebSocket and collects events until `until` says stop (or the timeout passes).
 * Returns the events and, if the handshake failed, its HTTP status.
 */
export function wsWatch(
  t: TestTarget,
  path: string,
  until: (events: WatchEvent[]) => boolean,
  opts: { origin?: string | null; timeoutMs?: number } = {},
): Promise<{ events: WatchEvent[]; handshakeStatus?: number }> {
  const url = new URL(path, t.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const headers: Record<string, string> = {};
  if (t.token) headers.Authorization = `Bearer ${t.token}`;
  const origin = opts.origin === undefined ? t.url : opts.origin;
  return new Promise((resolve, reject) => {
    const events: WatchEvent[] = [];
    const ws = new WebSocket(url, { headers, ca: t.ca, ...(origin === null ? {} : { origin }) });
    const timer = setTimeout(() => {
      ws.terminate();
      resolve({ events });
    }, opts.timeoutMs ?? 10_000);
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      resolve({ events, handshakeStatus: res.statusCode });
    });
    // With ws's default binaryType ('nodebuffer') a message is one Buffer.
    ws.on('message', (data) => {
      events.push(JSON.parse((data as Buffer).toString()) as WatchEvent);
      if (until(events)) {
        clearTimeout(timer);
        ws.close();
        resolve({ events });
      }
    });
    ws.on('close', () => {
      clearTimeout(timer);
      resolve({ events });
    });
    ws.on('error', (e) => {
      clearTimeout(timer);
      if (!String(e.message).includes('Unexpected server response')) reject(e);
    });
  });
}

export function uniqueNamespace(prefix = 't'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

export async function createNamespace(t: TestTarget, name: string): Promise<void> {
  const r = await raw(t, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
  if (r.status !== 201) throw new Error(`create namespace ${name}: ${r.status} ${r.body.toString()}`);
}
