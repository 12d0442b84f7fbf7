// One LIST (or one paginated sequence of LISTs) with k6/http.
import http from 'k6/http';
import { collectionPath, query, type TargetEnv } from './env';
import type { Accept } from '../plan/plan';

export interface ListResult {
  status: number;
  durationMs: number;
  ttfbMs: number;
  bytes?: number;
  objects?: number;
  resourceVersion?: string;
  continueToken?: string;
  error?: string;
}

export interface ListTarget {
  resource: string;
  namespace: string;
  accept?: Accept;
}

const ACCEPT: Record<Accept, string> = {
  json: 'application/json',
  protobuf: 'application/vnd.kubernetes.protobuf, application/json',
  cbor: 'application/cbor',
};

function metaField(head: string, field: string): string | undefined {
  const m = new RegExp(`"${field}":"([^"]*)"`).exec(head);
  return m ? m[1] : undefined;
}

/** Lists once. With readBody false the body is discarded unread so k6 never holds it. */
export async function listOnce(
  env: TargetEnv,
  t: ListTarget,
  params: Record<string, string | number | undefined>,
  readBody: boolean,
): Promise<ListResult> {
  const url = env.baseUrl + collectionPath(t.resource, t.namespace) + query(params);
  const accept = t.accept ?? 'json';
  const binary = accept !== 'json';
  const res = await http.asyncRequest('GET', url, null, {
    headers: { ...env.headers, Accept: ACCEPT[accept] },
    responseType: readBody ? (binary ? 'binary' : 'text') : 'none',
    timeout: '10m',
    tags: { name: `LIST ${t.resource}` },
  });
  const out: ListResult = { status: res.status, durationMs: res.timings.duration, ttfbMs: res.timings.waiting };
  // A request with the size of its response, kept small: the server's own Content-Length (when it sent one).
  const length = res.headers['Content-Length'] || res.headers['content-length'];
  if (length) out.bytes = Number(length);
  if (res.error) out.error = res.error;
  if (readBody && res.body !== null && res.status === 200) {
    if (typeof res.body === 'string') {
      out.bytes = res.body.length;
      const head = res.body.slice(0, 2048);
      out.resourceVersion = metaField(head, 'resourceVersion');
      out.continueToken = metaField(head, 'continue');
      try {
        out.objects = (JSON.parse(res.body) as { items: unknown[] }).items.length;
      } catch (e) {
        out.error = `unparseable LIST body: ${String(e).slice(0, 100)}`;
      }
    } else {
      out.bytes = res.body.byteLength;
    }
  }
  if (res.status !== 200 && !out.error) out.error = `HTTP ${res.status}`;
  return out;
}

/** One page of a paginated list, from whichever client. */
export type PageFetcher = (params: { limit: number; continue?: string }) => Promise<ListResult>;

/** A full paginated list: pages of `limit` until no continue token remains. */
export async function listPaginated(fetchPage: PageFetcher, limit: number): Promise<ListResult> {
  const total: ListResult = { status: 0, durationMs: 0, ttfbMs: 0, bytes: 0, objects: 0 };
  let cont: string | undefined;
  let page = 0;
  do {
    const r = await fetchPage({ limit, continue: cont });
    if (page === 0) total.ttfbMs = r.ttfbMs;
    total.status = r.status;
    total.durationMs += r.durationMs;
    total.bytes = (total.bytes ?? 0) + (r.bytes ?? 0);
    total.objects = (total.objects ?? 0) + (r.objects ?? 0);
    if (r.error) {
      total.error = r.error;
      break;
    }
    cont = r.continueToken || undefined;
    page++;
  } while (cont);
  return total;
}
