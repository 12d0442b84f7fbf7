// GET against a target with its token and CA (node:https, so a private CA or loopback skip-verify works).
import http from 'node:http';
import https from 'node:https';
import type { RunningTarget } from './target.js';

type Connection = Pick<RunningTarget, 'url' | 'token' | 'caPem' | 'insecureSkipTLSVerify' | 'clientCert'>;

/** GET returning the body as bytes (profiles are gzipped protobuf). */
export function targetGetBytes(t: Connection, path: string, timeoutMs = 5000): Promise<{ status: number; body: Buffer }> {
  const url = new URL(path, t.url);
  const lib = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = {};
  if (t.token) headers.Authorization = `Bearer ${t.token}`;
  return new Promise((resolve, reject) => {
    const req = lib.get(
      url,
      {
        headers,
        ca: t.caPem,
        cert: t.clientCert?.certPem,
        key: t.clientCert?.keyPem,
        rejectUnauthorized: !t.insecureSkipTLSVerify,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

export async function targetGet(t: Connection, path: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  const res = await targetGetBytes(t, path, timeoutMs);
  return { status: res.status, body: res.body.toString('utf8') };
}
