// Seeded hostile HTTP requests for the mock: bad paths and escapes, odd query values and selectors, every
// content type, bodies up to 4 MB, deep nesting, protobuf garbage and prototype keys. The same seed makes
// the same requests, so a failure can be replayed.

export interface HostileRequest {
  method: string;
  /** Sent as the request target exactly as written. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

type Rand = () => number;

const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const chance = (rand: Rand, p: number) => rand() < p;

// Characters Node's client sends unescaped in a request target (0x21-0xff), with the URL-significant ones over-represented.
const JUNK_CHARS = [
  '%',
  '%2',
  '%zz',
  '%00',
  '%2F',
  '%2e',
  '..',
  '.',
  '~',
  ':',
  '@',
  '!',
  '$',
  '&',
  "'",
  '(',
  ')',
  '*',
  '+',
  ',',
  ';',
  '=',
  'é',
  'ÿ',
  'a',
  'Z',
  '0',
  '-',
  '_',
];

function junk(rand: Rand, max = 12): string {
  const n = 1 + Math.floor(rand() * max);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(rand, JUNK_CHARS);
  return s;
}

const RESOURCES = ['configmaps', 'secrets', 'pods', 'namespaces', 'events', 'widgets', 'configmaps.v1', ''];
const NAMES = ['a', 'b', 'c', '__proto__', 'constructor', '..', '%2F', '%zz', 'x'.repeat(300), 'Bad_Name'];
const FIXED_PATHS = [
  '/',
  '//',
  '//?',
  '//?limit=1',
  '///',
  '/api',
  '/api/',
  '/apis',
  '/apis/apps/v1',
  '/version',
  '/metrics',
  '/healthz',
  '/openapi/v2',
  '/openapi/v3',
  '/openapi/v3/api/v1',
  '/api/v1',
  '/api/v2/namespaces',
  '/%',
  '/%00',
  '/api/v1/namespaces/default/configmaps/a/b/c',
  '/api/v1/namespaces//configmaps',
  '/api/v1/../../etc/passwd',
];

function path(rand: Rand): string {
  const r = rand();
  if (r < 0.25) return pick(rand, FIXED_PATHS);
  if (r < 0.35) return `/${junk(rand)}/${junk(rand)}`;
  const ns = pick(rand, ['default', 'default', 'kube-system', 'missing', junk(rand, 4)]);
  const res = pick(rand, RESOURCES);
  const base = chance(rand, 0.75) ? `/api/v1/namespaces/${ns}/${res}` : `/api/v1/${res}`;
  const withName = chance(rand, 0.5) ? `${base}/${pick(rand, NAMES)}` : base;
  return chance(rand, 0.1) ? withName.replace(/\//g, '//') : withName;
}

const QUERY_KEYS = [
  'limit',
  'continue',
  'resourceVersion',
  'resourceVersionMatch',
  'labelSelector',
  'fieldSelector',
  'sendInitialEvents',
  'allowWatchBookmarks',
  'timeoutSeconds',
  'fieldManager',
  'fieldValidation',
  'dryRun',
  'force',
  'pretty',
  '__proto__',
  'constructor',
];
const QUERY_VALUES = [
  '-1',
  '0',
  '1',
  '500',
  '99999999999999999999',
  'abc',
  '',
  '%',
  '%zz',
  'a%20in%20(',
  'a!%3Db,c',
  'metadata.name%3Dx',
  'spec.x%3Dy',
  'NotOlderThan',
  'Exact',
  'true',
  'All',
  'Strict',
];

function query(rand: Rand): string {
  const parts: string[] = [];
  const n = Math.floor(rand() * 5);
  for (let i = 0; i < n; i++) parts.push(`${pick(rand, QUERY_KEYS)}=${chance(rand, 0.8) ? pick(rand, QUERY_VALUES) : junk(rand)}`);
  // A watch is bounded by its timeout, so no request waits for more than a second.
  if (chance(rand, 0.01)) return `?timeoutSeconds=1&watch=1&${parts.filter((p) => !p.startsWith('timeoutSeconds=')).join('&')}`;
  return parts.length ? `?${parts.join('&')}` : chance(rand, 0.05) ? '?' : '';
}

const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/vnd.kubernetes.protobuf',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/json-patch+json',
  'application/apply-patch+yaml',
  'application/yaml',
  'text/plain',
  'application/cbor',
  'application/json; charset=utf-16',
  '*/*',
  '',
];
const ACCEPTS = [
  'application/json',
  'application/vnd.kubernetes.protobuf',
  'application/vnd.kubernetes.protobuf, application/json',
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
  'text/html',
  '*/*',
  ';;;',
  '',
];

const nested = (open: string, inner: string, close: string, depth: number) => open.repeat(depth) + inner + close.repeat(depth);

function objectBody(rand: Rand): unknown {
  const name = pick(rand, NAMES);
  const data: Record<string, string> = { k: 'v'.repeat(Math.floor(rand() * 64 * 1024)) };
  if (chance(rand, 0.2)) data[junk(rand)] = junk(rand);
  return {
    apiVersion: pick(rand, ['v1', 'v2', undefined]),
    kind: pick(rand, ['ConfigMap', 'Secret', 'Namespace', 'Pod', 'Status', undefined]),
    metadata: {
      name,
      namespace: pick(rand, [undefined, '', 'default', 'other', 5]),
      labels: pick(rand, [undefined, { a: 'b' }, { a: 1 }, [], 'x']),
      resourceVersion: pick(rand, [undefined, '', '1', 'abc']),
    },
    data: chance(rand, 0.9) ? data : pick(rand, [null, 'x', [1], { a: 1 }]),
  };
}

function body(rand: Rand, contentType: string): Buffer | undefined {
  const r = rand();
  if (r < 0.15) return undefined;
  if (r < 0.45) return Buffer.from(JSON.stringify(objectBody(rand)));
  if (r < 0.55)
    return Buffer.from(
      '{"__proto__":{"polluted":1},"metadata":{"name":"p","__proto__":{"namespace":"x"},"labels":{"constructor":"c"}},"data":{"__proto__":"x","prototype":"y"}}',
    );
  if (r < 0.63) {
    const depth = pick(rand, [100, 1000, 10_000, 100_000]);
    return Buffer.from(
      pick(rand, [
        nested('[', '', ']', depth),
        nested('{"a":', '1', '}', depth),
        `{"metadata":{"name":"d","labels":${nested('{"a":', '1', '}', depth)}}}`,
        `{"metadata":{"name":"d"},"data":{"k":"v"},"x":${nested('[', '', ']', depth)}}`,
      ]),
    );
  }
  if (r < 0.72) {
    const ops = [
      { op: 'add', path: '/data/x', value: 'y' },
      { op: 'replace', path: '/metadata/name', value: 'other' },
      { op: 'remove', path: '/data/absent' },
      { op: 'test', path: '/data/k', value: 'nope' },
      { op: 'add', path: '/__proto__/polluted', value: 1 },
      { op: 'add', path: '/data/constructor/prototype', value: 1 },
      { op: 'move', from: '/data', path: '/data/k' },
      { op: 'copy', from: '/metadata', path: '/data' },
      { op: 'bogus', path: '' },
      { path: '/x' },
    ];
    const n = 1 + Math.floor(rand() * 3);
    return Buffer.from(JSON.stringify(Array.from({ length: n }, () => pick(rand, ops))));
  }
  if (r < 0.8 || contentType.includes('protobuf')) {
    const n = Math.floor(rand() * 1024);
    const bytes = Buffer.alloc(n);
    for (let i = 0; i < n; i++) bytes[i] = Math.floor(rand() * 256);
    return chance(rand, 0.7) ? Buffer.concat([Buffer.from('k8s\0', 'latin1'), bytes]) : bytes;
  }
  if (r < 0.82) return Buffer.alloc(pick(rand, [3 * 1024 * 1024 - 10, 3 * 1024 * 1024 + 10, 4 * 1024 * 1024]), 'x');
  if (r < 0.9)
    return Buffer.from(pick(rand, ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n', 'a: [', '- - -', ': :', '&a [*a]']));
  return Buffer.from(junk(rand, 200));
}

export function hostileRequest(rand: Rand): HostileRequest {
  const method = pick(rand, ['GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'PATCH', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
  const contentType = pick(rand, CONTENT_TYPES);
  const headers: Record<string, string> = {};
  const accept = pick(rand, ACCEPTS);
  if (accept) headers.Accept = accept;
  if (contentType) headers['Content-Type'] = contentType;
  const withBody = method !== 'GET' || chance(rand, 0.05) ? body(rand, contentType) : undefined;
  return { method, path: path(rand) + query(rand), headers, body: withBody };
}
