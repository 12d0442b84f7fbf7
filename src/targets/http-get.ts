// GET against a target with its token and CA (node:https, so a private CA or loopback skip-verify works).
import http from 'node:http';
import https from 'node:https';
import type { Connection } from './target.js';

/** One request with the target's credentials; the body comes back as bytes (profiles are gzipped protobuf). */
function send(
  t: Connection,
  method: string,
  path: string,
  headers: Record<string, string>,
  payload: string | undefined,
  timeoutMs: number,
  keepBody: (status: number) => boolean = () => true,
): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  const url = new URL(path, t.url);
  const lib = url.protocol === 'https:' ? https : http;
  if (t.token) headers.Authorization = `Bearer ${t.token}`;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      {
        method,
        headers,
        ca: t.caPem,
        cert: t.clientCert?.certPem,
        key: t.clientCert?.keyPem,
        rejectUnauthorized: !t.insecureSkipTLSVerify,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        const keep = keepBody(res.statusCode ?? 0);
        res.on('data', (c: Buffer) => keep && chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** GET returning the body as bytes. */
export async function targetGetBytes(t: Connection, path: string, timeoutMs = 5000): Promise<{ status: number; body: Buffer }> {
  const res = await send(t, 'GET', path, {}, undefined, timeoutMs);
  return { status: res.status, body: res.body };
}

/**
 * Any method, JSON body in and out, with the response headers (flow control objects, SelfSubjectReview, APF probes).
 * `keepBody` says for which statuses the response body is worth keeping; the others are read and dropped.
 */
export async function targetRequest(
  t: Connection,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  timeoutMs = 10_000,
  keepBody?: (status: number) => boolean,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  const res = await send(t, method, path, headers, payload, timeoutMs, keepBody);
  return { ...res, body: res.body.toString('utf8') };
}

/** A failed request as an Error: `<what>: HTTP <status>: <the Status message, or the body's start>`. */
export function requestFailed(what: string, res: { status: number; body: string }): Error {
  let message = res.body.slice(0, 300);
  try {
    const m = (JSON.parse(res.body) as { message?: unknown }).message;
    if (typeof m === 'string') message = m;
  } catch {
    // not a Status: keep the body's start
  }
  return new Error(`${what}: HTTP ${res.status}: ${message}`);
}

export async function targetGet(t: Connection, path: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  const res = await targetGetBytes(t, path, timeoutMs);
  return { status: res.status, body: res.body.toString('utf8') };
}
