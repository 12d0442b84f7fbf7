// The two calls of Prometheus's HTTP API that ksb makes (https://prometheus.io/docs/prometheus/latest/querying/api/):
// whether a URL is Prometheus at all, and query_range. Answers are checked here, at the boundary.
import { InputError } from '../errors/input-error.js';

export interface PrometheusEndpoint {
  /** base URL without credentials, e.g. http://127.0.0.1:9090 or https://example.com/prometheus */
  base: string;
  /** the URL as logs and run.json show it: credentials never appear */
  shown: string;
  /** Authorization header value (basic auth from the URL's user:password, or a bearer token from the environment) */
  authorization?: string;
}

export interface MatrixSeries {
  labels: Record<string, string>;
  /** [unix seconds, value] */
  points: Array<[number, number]>;
}

/** Parses --prometheus-url; user:password in the URL become basic auth, $KSB_PROMETHEUS_TOKEN a bearer token. */
export function prometheusEndpoint(value: string, env: NodeJS.ProcessEnv = process.env): PrometheusEndpoint {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`--prometheus-url ${JSON.stringify(value)}: not a URL (expected e.g. http://127.0.0.1:9090)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError(`--prometheus-url ${url.protocol}//${url.host}: expected an http or https URL`);
  if (url.search || url.hash) throw new InputError(`--prometheus-url: expected a base URL without ?query or #fragment`);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const base = url.toString().replace(/\/+$/, '');
  const token = env.KSB_PROMETHEUS_TOKEN;
  const authorization = user ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : token ? `Bearer ${token}` : undefined;
  return { base, shown: base, authorization };
}

type Answer = { status: number; contentType: string; text: string };

async function get(ep: PrometheusEndpoint, path: string, timeoutMs: number): Promise<Answer> {
  const res = await fetch(`${ep.base}${path}`, {
    headers: { Accept: 'application/json', ...(ep.authorization ? { Authorization: ep.authorization } : {}) },
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? 'no content type', text: await res.text() };
}

function snippet(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > 80 ? `${one.slice(0, 80)}…` : one);
}

const describe = (a: Answer) => `HTTP ${a.status} (${a.contentType}): ${snippet(a.text)}`;

interface ApiEnvelope {
  status?: unknown;
  data?: unknown;
  error?: unknown;
  errorType?: unknown;
}

function envelope(a: Answer): ApiEnvelope | undefined {
  try {
    const v = JSON.parse(a.text) as unknown;
    return v && typeof v === 'object' && 'status' in v ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fails (naming the URL and what answered) unless the URL answers as Prometheus's API. Returns its version
 * from /api/v1/status/buildinfo, or "unknown" for Prometheus-compatible servers without that endpoint.
 */
export async function checkPrometheus(ep: PrometheusEndpoint, timeoutMs = 10_000): Promise<{ version: string }> {
  const fail = (what: string) =>
    new InputError(
      `--prometheus-url ${ep.shown}: ${what}; expected Prometheus's HTTP API (e.g. kubectl -n monitoring port-forward svc/prometheus-k8s 9090)`,
    );
  let a: Answer;
  try {
    a = await get(ep, '/api/v1/status/buildinfo', timeoutMs);
  } catch (e) {
    const cause = (e as Error & { cause?: Error }).cause?.message ?? (e as Error).message;
    throw fail(`no answer (${cause})`);
  }
  if (a.status === 401 || a.status === 403)
    throw fail(
      `GET /api/v1/status/buildinfo was refused, ${describe(a)} (credentials: user:password@ in the URL, or $KSB_PROMETHEUS_TOKEN)`,
    );
  const info = envelope(a);
  const data = info?.data as { version?: unknown } | undefined;
  if (a.status === 200 && info?.status === 'success' && typeof data?.version === 'string') return { version: data.version };
  // Prometheus-compatible stores (Thanos, Mimir, VictoriaMetrics) may lack buildinfo but answer queries.
  const q = await get(ep, '/api/v1/query?query=vector(1)', timeoutMs).catch(() => undefined);
  if (q && q.status === 200 && envelope(q)?.status === 'success') return { version: 'unknown (no /api/v1/status/buildinfo)' };
  throw fail(`GET /api/v1/status/buildinfo answered ${describe(a)}`);
}

function isPoint(p: unknown): p is [number, string] {
  return Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'string';
}

/** An instant or range query's answer, checked; every problem names the query. */
function resultOf(a: Answer, query: string, want: 'matrix' | 'vector'): unknown[] {
  const env = envelope(a);
  if (!env) throw new Error(`Prometheus query ${query}: answered ${describe(a)}`);
  if (env.status !== 'success') {
    const text = (v: unknown, otherwise: string) => (typeof v === 'string' ? v : otherwise);
    throw new Error(`Prometheus query ${query}: ${text(env.errorType, 'error')}: ${text(env.error, describe(a))}`);
  }
  const data = env.data as { resultType?: unknown; result?: unknown } | undefined;
  if (data?.resultType !== want || !Array.isArray(data.result))
    throw new Error(`Prometheus query ${query}: expected a ${want}, got ${JSON.stringify(data?.resultType)}`);
  return data.result;
}

function labelsOf(r: unknown): Record<string, string> {
  const m = (r as { metric?: unknown }).metric;
  if (!m || typeof m !== 'object') return {};
  return Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** query_range over [startSec, endSec] at stepSec resolution. */
export async function queryRange(
  ep: PrometheusEndpoint,
  query: string,
  startSec: number,
  endSec: number,
  stepSec: number,
): Promise<MatrixSeries[]> {
  const params = new URLSearchParams({ query, start: startSec.toFixed(3), end: endSec.toFixed(3), step: String(stepSec) });
  const result = resultOf(await get(ep, `/api/v1/query_range?${params}`, 30_000), query, 'matrix');
  return result.map((r) => {
    const values = (r as { values?: unknown }).values;
    const points = (Array.isArray(values) ? values : []).filter(isPoint).map(([t, v]): [number, number] => [t, Number(v)]);
    return { labels: labelsOf(r), points: points.filter(([, v]) => Number.isFinite(v)) };
  });
}

/** An instant query: the series that answer now. */
export async function queryInstant(
  ep: PrometheusEndpoint,
  query: string,
): Promise<Array<{ labels: Record<string, string>; value: number }>> {
  const result = resultOf(await get(ep, `/api/v1/query?${new URLSearchParams({ query })}`, 30_000), query, 'vector');
  return result.map((r) => {
    const v = (r as { value?: unknown }).value;
    return { labels: labelsOf(r), value: isPoint(v) ? Number(v[1]) : NaN };
  });
}
