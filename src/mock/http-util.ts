// Small helpers for writing responses with backpressure and reading bounded request bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from './status.js';

/** Resolves when the response can take more data, or has closed. */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes chunks one by one, waiting whenever the socket buffer is full. Never holds the whole body. */
export async function writeStreaming(res: ServerResponse, chunks: Iterable<Buffer>): Promise<number> {
  let bytes = 0;
  for (const chunk of chunks) {
    if (res.destroyed) return bytes;
    bytes += chunk.length;
    if (!res.write(chunk)) await drained(res);
  }
  res.end();
  return bytes;
}

/** Bytes copied between yields to the event loop while a buffered body is built. */
const BUILD_SLICE_BYTES = 4 * 1024 * 1024;

/**
 * Builds the whole body in memory first, then writes it: what a non-streaming apiserver does. The copy is cut into
 * slices that yield, so one 100 MiB body does not hold the event loop (and /metrics, health checks) while it is built;
 * the memory held is the same.
 */
export async function writeBuffered(res: ServerResponse, chunks: Iterable<Buffer>): Promise<number> {
  const parts = [...chunks];
  const total = parts.reduce((n, c) => n + c.length, 0);
  const body = Buffer.allocUnsafe(total);
  let offset = 0;
  let sinceYield = 0;
  for (const part of parts) {
    part.copy(body, offset);
    offset += part.length;
    sinceYield += part.length;
    if (sinceYield >= BUILD_SLICE_BYTES) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (res.destroyed) return 0;
    }
  }
  res.setHeader('Content-Length', body.length);
  res.end(body);
  return body.length;
}

export function writeBody(res: ServerResponse, code: number, contentType: string, body: Buffer): number {
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': body.length });
  res.end(body);
  return body.length;
}

/** A JSON document, newline-terminated as Go's json.Encoder writes it. */
export function writeJson(res: ServerResponse, code: number, body: unknown): number {
  return writeBody(res, code, 'application/json', Buffer.from(`${JSON.stringify(body)}\n`));
}

/** Reads a request body up to maxBytes; beyond that answers 413 and stops reading. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const tooLarge = () => errors.requestEntityTooLarge(`Request entity too large: limit is ${maxBytes}`);
    if (declared > maxBytes) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
