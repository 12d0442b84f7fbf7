// The mock kube-apiserver: routing, auth, CRUD, and dispatch to LIST and WATCH over HTTP or WebSocket.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { DEFAULT_GATES, type MockFeatureGates } from './feature-gates.js';
import { hasSchema } from './canonical.js';
import { drained, readBody, writeBody, writeJson } from './http-util.js';
import { selectPage, serveList } from './list.js';
import { parseListOptions, validateListOptions, type ListOptions } from './list-options.js';
import { MockMetrics, type RequestLabels } from './metrics.js';
import { bodyEncoding, contentTypeOf, negotiate, wantsTable, type Encoding } from './negotiate.js';
import { admit, deletedState, parseBody, toStored, type KubeObject } from './objects.js';
import { applyPatchBody, parseApplyBody, patchTypeOf, requireFieldManager } from './patch.js';
import { lengthPrefixed } from './protobuf/wire.js';
import { checkFields, parseFieldValidation, type FieldValidation } from './field-validation.js';
import { openApiDocument } from './openapi/serve.js';
import { parseRequestTarget } from './request-target.js';
import { decodeRequestObject, objectBody, statusBody, watchErrorBody } from './representations.js';
import { apiGroupListDoc, apiResourceListDoc, apiVersionsDoc, findResource, SYSTEM_NAMESPACES, type ResourceDef } from './resources.js';
import { deletedStatus, errors, StatusError } from './status.js';
import { objectKey, Store, type StoredObject } from './store.js';
import { tableBody } from './table.js';
import { runWatch, type WatchSink } from './watch.js';
import { WatchBufferSizing } from './watch-buffer.js';

export interface MockOptions {
  port: number;
  gates: MockFeatureGates;
  /** Bearer tokens accepted; empty means no authentication. */
  tokens: Set<string>;
  maxObjectBytes: number;
  maxRequestBodyBytes: number;
  continueTTLms: number;
  historySize: number;
  bookmarkIntervalMs: number;
  watchTimeoutSeconds: number;
  /** Where a request that failed inside the mock (500) is reported, one line per request. */
  log: (line: string) => void;
}

const DEFAULT_MOCK_OPTIONS: MockOptions = {
  port: 0,
  gates: { ...DEFAULT_GATES },
  tokens: new Set(),
  maxObjectBytes: 1.5 * 1024 * 1024,
  maxRequestBodyBytes: 3 * 1024 * 1024,
  continueTTLms: 5 * 60 * 1000,
  historySize: 10000,
  bookmarkIntervalMs: 60_000,
  watchTimeoutSeconds: 1800,
  log: (line) => process.stderr.write(`${line}\n`),
};

const MOCK_VERSION = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.0-ksb-mock',
  gitCommit: 'mock',
  gitTreeState: 'clean',
  buildDate: '1970-01-01T00:00:00Z',
  goVersion: 'n/a (node)',
  compiler: 'mock',
  platform: `${process.platform}/${process.arch}`,
};

const TERMINATE_GRACE_MS = 5000;

/** What GET / lists, as kube-apiserver's index does. */
const ROOT_PATHS = [
  '/api',
  '/api/v1',
  '/apis',
  '/apis/',
  '/healthz',
  '/livez',
  '/metrics',
  '/openapi/v2',
  '/openapi/v3',
  '/openapi/v3/',
  '/readyz',
  '/version',
];

interface Route {
  def: ResourceDef;
  namespace: string; // '' for cluster-scoped or all-namespaces
  name?: string;
}

/** A malformed escape is the client's error: 400, as kube-apiserver's HTTP server answers it. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw errors.badRequest(`invalid URL escape ${JSON.stringify(segment.slice(segment.indexOf('%'), segment.indexOf('%') + 3))}`);
  }
}

/** /api/v1/<res>[/<name>] and /api/v1/namespaces/<ns>/<res>[/<name>] */
function parseRoute(path: string): Route | undefined {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'api' || parts[1] !== 'v1') return undefined;
  const rest = parts.slice(2).map(decodePathSegment);
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const def = findResource(rest[2]!);
    if (!def || !def.namespaced || rest.length > 4) return undefined;
    return { def, namespace: rest[1]!, name: rest[3] };
  }
  const def = findResource(rest[0] ?? '');
  if (!def || rest.length > 2) return undefined;
  if (def.namespaced && rest.length === 2) return undefined;
  return { def, namespace: '', name: rest[1] };
}

/**
 * A request the HTTP parser refused (a byte not allowed in the target, a malformed header): answered 400 (431 for
 * headers too large) and closed, as Go's net/http answers what it cannot parse; a reset connection is just closed.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

/** A resource request, routed and parsed, as a verb's handler gets it. */
interface VerbCall {
  req: IncomingMessage;
  res: ServerResponse;
  route: Route;
  verb: string;
  opts: ListOptions;
  encoding: Encoding;
}

function scopeOf(route: Route): RequestLabels['scope'] {
  if (route.name) return 'resource';
  return route.namespace ? 'namespace' : 'cluster';
}

export class MockApiServer {
  readonly store: Store;
  private readonly watchBuffers: WatchBufferSizing;
  readonly metrics: MockMetrics;
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly opts: MockOptions;
  /** Live feature gates; the A/B switches read them per request. */
  readonly gates: MockFeatureGates;

  constructor(options: Partial<MockOptions> = {}) {
    this.opts = { ...DEFAULT_MOCK_OPTIONS, ...options };
    this.gates = { ...this.opts.gates };
    this.metrics = new MockMetrics(this.gates);
    this.store = new Store({ historySize: this.opts.historySize });
    this.watchBuffers = new WatchBufferSizing(this.store);
    for (const ns of SYSTEM_NAMESPACES) this.createObject(findResource('namespaces')!, '', { metadata: { name: ns } });
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => this.lastResort(req, res, e));
    });
    this.server.on('upgrade', (req, socket, head) => {
      try {
        this.handleUpgrade(req, socket, head);
      } catch (e) {
        this.reportInternal(req, e);
        socket.destroy();
      }
    });
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket) => answerClientError(err, socket));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private authorized(req: IncomingMessage): boolean {
    if (this.opts.tokens.size === 0) return true;
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    return Boolean(m && this.opts.tokens.has(m[1]!.trim()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    let labels: RequestLabels | undefined;
    let bytes = 0;
    const mutating = !['GET', 'HEAD'].includes(req.method ?? 'GET');
    let countedInflight = false;
    let encoding: Encoding = 'json';
    try {
      const { path, query } = parseRequestTarget(req.url);
      const served = await this.serveOtherPath(req, res, path);
      if (served !== undefined) return void (bytes = served);
      const route = parseRoute(path);
      if (!route) return void (bytes = this.unrouted(res, path));
      const opts = parseListOptions(query);
      encoding = negotiate(req.headers.accept, { protobuf: hasSchema(route.def.kind) });
      const verb = this.verbOf(req.method ?? 'GET', route, opts.watch);
      labels = { verb, resource: route.def.name, scope: scopeOf(route) };
      if (verb !== 'WATCH') {
        this.metrics.inflight.inc({ request_kind: mutating ? 'mutating' : 'readOnly' });
        countedInflight = true;
      }
      bytes = await this.dispatch({ req, res, route, verb, opts, encoding });
    } catch (e) {
      const err = e instanceof StatusError ? e : this.reportInternal(req, e);
      bytes = this.writeStatus(res, err, err.code === 406 ? 'json' : encoding);
    } finally {
      if (countedInflight) this.metrics.inflight.dec({ request_kind: mutating ? 'mutating' : 'readOnly' });
      if (labels) this.metrics.observeRequest(labels, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9, bytes);
    }
  }

  /**
   * A path outside the resources (health, version, metrics, discovery, OpenAPI): answered, with the bytes written,
   * or undefined for a resource path. Only health and version are served without a token.
   */
  private async serveOtherPath(req: IncomingMessage, res: ServerResponse, path: string): Promise<number | undefined> {
    if (['/healthz', '/livez', '/readyz'].includes(path)) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
      return 0;
    }
    if (path === '/version') return writeJson(res, 200, MOCK_VERSION);
    if (!this.authorized(req)) throw errors.unauthorized();
    if (path === '/metrics') {
      this.refreshStorageGauge();
      const text = await this.metrics.registry.metrics();
      res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(text);
      return 0;
    }
    if (path === '/api') return writeJson(res, 200, apiVersionsDoc(`127.0.0.1:${(this.server.address() as AddressInfo).port}`));
    if (path === '/api/v1') return writeJson(res, 200, apiResourceListDoc());
    if (path === '/apis') return writeJson(res, 200, apiGroupListDoc());
    const openapi = openApiDocument(path);
    if (!openapi) return undefined;
    // The documents are JSON only; kube-apiserver also serves them in protobuf, which the mock does not.
    negotiate(req.headers.accept, { protobuf: false });
    return writeJson(res, 200, openapi);
  }

  /** A path no resource route matches: the index at /, else kube-apiserver's 404 for where it falls. */
  private unrouted(res: ServerResponse, path: string): number {
    if (path === '/') return writeBody(res, 200, 'application/json', Buffer.from(`${JSON.stringify({ paths: ROOT_PATHS }, null, 2)}\n`));
    // kube-apiserver answers a path outside the core group's handler (a group it does not serve, disabled or
    // unknown, or no API at all) from its plain mux; inside /api, with a NotFound Status.
    if (!path.startsWith('/api/')) return writeBody(res, 404, 'text/plain; charset=utf-8', Buffer.from('404 page not found\n'));
    throw errors.pathNotFound();
  }

  /** A throw that is not a Status: logged once with the request line, answered as 500 InternalError. */
  private reportInternal(req: IncomingMessage, e: unknown): StatusError {
    const message = e instanceof Error ? e.message : String(e);
    const where = e instanceof Error && e.stack ? ` (${e.stack.split('\n').slice(1, 3).join(' ').trim()})` : '';
    this.opts.log(`mock: 500 for ${req.method} ${req.url} HTTP/${req.httpVersion}: ${message}${where}`);
    return errors.internal(message);
  }

  /** What escaped handle() itself (the Status could not be written, metrics threw): answered if still possible. */
  private lastResort(req: IncomingMessage, res: ServerResponse, e: unknown): void {
    const err = this.reportInternal(req, e);
    try {
      if (res.headersSent) res.destroy();
      else writeBody(res, 500, contentTypeOf('json'), statusBody(err.status, 'json'));
    } catch {
      res.destroy();
    }
  }

  private verbOf(method: string, route: Route, watch: boolean): string {
    if (method === 'GET') return watch ? 'WATCH' : route.name ? 'GET' : 'LIST';
    return method;
  }

  private writeStatus(res: ServerResponse, err: StatusError, encoding: Encoding): number {
    if (res.headersSent) {
      res.destroy();
      return 0;
    }
    return writeBody(res, err.code, contentTypeOf(encoding), statusBody(err.status, encoding));
  }

  /** The handler for a resource request's verb; 405 for a method the resource does not serve. */
  private dispatch(call: VerbCall): Promise<number> {
    const handler = this.verbs.get(call.verb);
    if (!handler) throw errors.methodNotAllowed();
    return handler(call);
  }

  private readonly verbs = new Map<string, (call: VerbCall) => Promise<number>>([
    ['LIST', (c) => this.list(c)],
    ['WATCH', (c) => this.watch(c)],
    ['GET', async (c) => this.get(c)],
    ['POST', (c) => this.create(c)],
    ['PUT', (c) => this.update(c)],
    ['PATCH', (c) => this.patch(c)],
    ['DELETE', async (c) => this.delete(c)],
  ]);

  private reply({ res, route, encoding }: VerbCall, code: number, obj: StoredObject): number {
    return writeBody(res, code, contentTypeOf(encoding), objectBody(route.def, obj, encoding));
  }

  /** The object the route names, or the NotFound Status kube-apiserver answers for it. */
  private getOr404(route: Route): StoredObject {
    const name = route.name!;
    const obj = this.store.get(route.def.name, objectKey(route.namespace, name));
    if (!obj) throw errors.notFound(route.def.name, name);
    return obj;
  }

  private async list({ req, res, route, opts, encoding }: VerbCall): Promise<number> {
    validateListOptions(opts, this.gates.WatchList);
    const request = {
      store: this.store,
      def: route.def,
      namespace: route.namespace,
      opts,
      encoding,
      continueTTLms: this.opts.continueTTLms,
    };
    if (wantsTable(req.headers.accept)) {
      const page = await selectPage({ ...request, streaming: false });
      const meta = {
        resourceVersion: String(page.atRV),
        continue: page.continue || undefined,
        remainingItemCount: page.remainingItemCount,
      };
      return writeBody(res, 200, contentTypeOf('json'), tableBody(route.def, page.items, meta));
    }
    const streaming =
      encoding === 'protobuf' ? this.gates.StreamingCollectionEncodingToProtobuf : this.gates.StreamingCollectionEncodingToJSON;
    return serveList(res, { ...request, streaming });
  }

  private async watch({ res, route, opts, encoding }: VerbCall): Promise<number> {
    validateListOptions(opts, this.gates.WatchList);
    return this.serveHttpWatch(res, route, opts, encoding);
  }

  private get(call: VerbCall): number {
    const { req, res, route } = call;
    const obj = this.getOr404(route);
    if (wantsTable(req.headers.accept))
      return writeBody(res, 200, contentTypeOf('json'), tableBody(route.def, [obj], { resourceVersion: String(obj.rv) }));
    return this.reply(call, 200, obj);
  }

  private async create(call: VerbCall): Promise<number> {
    const { req, res, route } = call;
    if (route.name) throw errors.methodNotAllowed();
    if (route.def.namespaced && !route.namespace) throw errors.methodNotAllowed();
    const body = await this.readObject(req, res, route.def);
    return this.reply(call, 201, this.createObject(route.def, route.namespace, body));
  }

  private async update(call: VerbCall): Promise<number> {
    const { req, res, route } = call;
    if (!route.name) throw errors.methodNotAllowed();
    const existing = this.getOr404(route);
    return this.reply(call, 200, this.updateObject(route, existing, await this.readObject(req, res, route.def)));
  }

  private async patch(call: VerbCall): Promise<number> {
    const { req, res, route } = call;
    const { def } = route;
    if (!route.name) throw errors.methodNotAllowed();
    const type = patchTypeOf(req.headers['content-type']);
    const query = parseRequestTarget(req.url).query;
    if (type === 'apply') requireFieldManager(query.get('fieldManager'));
    const validation = parseFieldValidation(query.get('fieldValidation'));
    const checked = (body: KubeObject, patched: boolean) => this.checkedFields(res, def, body, validation, patched);
    const raw = await readBody(req, this.opts.maxRequestBodyBytes);
    const existing = this.store.get(def.name, objectKey(route.namespace, route.name));
    if (!existing) {
      // Server-side apply creates what does not exist yet; every other patch needs an object.
      if (type !== 'apply') throw errors.notFound(def.name, route.name);
      const applied = parseApplyBody(raw);
      const name = applied.metadata?.name;
      if (name !== route.name)
        throw errors.badRequest(
          `the name of the object (${typeof name === 'string' ? name : ''}) does not match the name on the URL (${route.name})`,
        );
      return this.reply(call, 201, this.createObject(def, route.namespace, checked(applied, false)));
    }
    const current = { kind: def.kind, apiVersion: 'v1', ...(JSON.parse(existing.item.toString('utf8')) as KubeObject) };
    return this.reply(call, 200, this.updateObject(route, existing, checked(applyPatchBody(type, current, raw), true)));
  }

  private delete(call: VerbCall): number {
    const { res, route, encoding } = call;
    const { def } = route;
    if (!route.name) throw errors.methodNotAllowed();
    const existing = this.getOr404(route);
    const ev = this.store.put(def.name, objectKey(route.namespace, route.name), 'DELETED', (rv) => deletedState(def, existing, rv));
    // A namespace answers with itself; other objects (no finalizers kept) with a Success Status naming them.
    if (def.name === 'namespaces') return this.reply(call, 200, ev.object);
    const uid = (JSON.parse(existing.item.toString('utf8')) as { metadata: { uid: string } }).metadata.uid;
    return writeBody(res, 200, contentTypeOf(encoding), statusBody(deletedStatus(def.name, route.name, uid), encoding));
  }

  /** An update (PUT, or the result of a PATCH): a resourceVersion in the body is a precondition. */
  private updateObject(route: Route, existing: StoredObject, body: KubeObject): StoredObject {
    const { def } = route;
    const name = route.name!;
    const sentRV = body.metadata?.resourceVersion;
    if (sentRV !== undefined && sentRV !== '' && sentRV !== String(existing.rv)) throw errors.conflict(def.name, name);
    const admitted = admit(body, { def, namespace: route.namespace, urlName: name, existing });
    const key = objectKey(route.namespace, name);
    return this.store.put(def.name, key, 'MODIFIED', (rv) => this.checkedStored(def, route.namespace, admitted, rv)).object;
  }

  /** A create or update body; a JSON one is checked against the kind's schema as fieldValidation says. */
  private async readObject(req: IncomingMessage, res: ServerResponse, def: ResourceDef): Promise<KubeObject> {
    const validation = parseFieldValidation(parseRequestTarget(req.url).query.get('fieldValidation'));
    const encoding = bodyEncoding(req.headers['content-type'], { protobuf: hasSchema(def.kind) });
    const decoded = decodeRequestObject(def, await readBody(req, this.opts.maxRequestBodyBytes), encoding);
    // A protobuf body cannot carry a field its message does not have.
    return Buffer.isBuffer(decoded) ? this.checkedFields(res, def, parseBody(decoded), validation) : decoded;
  }

  private checkedFields(res: ServerResponse, def: ResourceDef, body: KubeObject, validation: FieldValidation, patched = false): KubeObject {
    const warnings = checkFields(def.kind, body, validation, patched);
    if (warnings.length) res.setHeader('Warning', warnings);
    return body;
  }

  private checkedStored(def: ResourceDef, namespace: string, admitted: ReturnType<typeof admit>, rv: number) {
    const stored = toStored(def, namespace, admitted.name, admitted.labels, admitted.obj, rv);
    // etcd rejects values over its request limit; the apiserver passes that on as 413.
    if (stored.item.length > this.opts.maxObjectBytes) throw errors.requestEntityTooLarge('etcdserver: request is too large');
    return stored;
  }

  /** Creates an object; throws the Status the client must see. */
  createObject(def: ResourceDef, namespace: string, body: KubeObject): StoredObject {
    if (def.namespaced && !this.store.get('namespaces', objectKey('', namespace))) {
      throw errors.notFound('namespaces', namespace);
    }
    const admitted = admit(body, { def, namespace });
    const key = objectKey(namespace, admitted.name);
    if (this.store.get(def.name, key)) throw errors.alreadyExists(def.name, admitted.name);
    const ev = this.store.put(def.name, key, 'ADDED', (rv) => this.checkedStored(def, namespace, admitted, rv));
    return ev.object;
  }

  private refreshStorageGauge(): void {
    for (const r of this.store.resourcesWithObjects()) this.metrics.storageObjects.set({ resource: r }, this.store.count(r));
  }

  private watchRequest(route: Route, opts: ListOptions, encoding: Encoding) {
    return {
      store: this.store,
      def: route.def,
      namespace: route.namespace,
      opts,
      metrics: this.metrics,
      bookmarkIntervalMs: this.opts.bookmarkIntervalMs,
      defaultTimeoutSeconds: this.opts.watchTimeoutSeconds,
      encoding,
      bufferEvents: this.watchBuffers.bufferEvents(route.def.name),
    };
  }

  private async serveHttpWatch(res: ServerResponse, route: Route, opts: ListOptions, encoding: Encoding): Promise<number> {
    let bytes = 0;
    const done = this.metrics.longrunningStarted({ verb: 'WATCH', resource: route.def.name, scope: scopeOf(route) });
    // JSON events are newline-delimited; protobuf events carry a 4-byte length prefix.
    const frame = encoding === 'protobuf' ? lengthPrefixed : (event: Buffer) => Buffer.concat([event, Buffer.from('\n')]);
    res.writeHead(200, { 'Content-Type': contentTypeOf(encoding, true), 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const sink: WatchSink = {
      get closed() {
        return res.destroyed || res.writableEnded;
      },
      async send(event) {
        const framed = frame(event);
        bytes += framed.length;
        const ok = res.write(framed);
        if (!ok) await drained(res);
      },
      onClose: (cb) => res.on('close', cb),
      close: () => {
        if (!res.writableEnded) res.end();
      },
      terminate: () => {
        if (!res.writableEnded) res.end();
        // A client that stopped reading never lets the end through; its connection goes after a grace period.
        setTimeout(() => res.socket?.destroy(), TERMINATE_GRACE_MS).unref();
      },
    };
    try {
      await runWatch(sink, this.watchRequest(route, opts, encoding));
    } finally {
      done();
    }
    return bytes;
  }

  private handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const reject = (code: number, body: string | StatusError) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body.status);
      const type = typeof body === 'string' ? 'text/plain' : 'application/json';
      socket.end(
        `HTTP/1.1 ${code} ${code === 403 ? 'Forbidden' : 'Error'}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
      );
    };
    try {
      const { path, query } = parseRequestTarget(req.url);
      if (!this.authorized(req)) return reject(401, errors.unauthorized());
      const route = parseRoute(path);
      if (!route || route.name) return reject(404, errors.pathNotFound());
      const opts = parseListOptions(query);
      if (!opts.watch) return reject(400, errors.badRequest('WebSocket is only served for watch requests'));
      validateListOptions(opts, this.gates.WatchList);
      // kube-apiserver's WebSocket handler (x/net/websocket) refuses a handshake without an Origin header.
      if (!req.headers.origin) return reject(403, 'null origin');
      const encoding = negotiate(req.headers.accept, { protobuf: hasSchema(route.def.kind) });
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.serveWebSocketWatch(ws, route, opts, encoding).catch((e: unknown) => {
          this.reportInternal(req, e);
          ws.terminate();
        });
      });
    } catch (e) {
      const err = e instanceof StatusError ? e : this.reportInternal(req, e);
      reject(err.code, err);
    }
  }

  private async serveWebSocketWatch(ws: WebSocket, route: Route, opts: ListOptions, encoding: Encoding): Promise<void> {
    const started = process.hrtime.bigint();
    const labels: RequestLabels = { verb: 'WATCH', resource: route.def.name, scope: scopeOf(route) };
    const done = this.metrics.longrunningStarted(labels);
    let bytes = 0;
    const sink: WatchSink = {
      get closed() {
        return ws.readyState !== ws.OPEN;
      },
      send: (event) =>
        new Promise<void>((resolve) => {
          bytes += event.length;
          // The callback fires once the frame is handed to the socket: that is the backpressure.
          // kube-apiserver sends JSON events as text frames and protobuf events as binary frames.
          ws.send(event, { binary: encoding === 'protobuf' }, () => resolve());
        }),
      onClose: (cb) => ws.on('close', cb),
      close: () => ws.close(1000),
      terminate: () => {
        ws.close(1000);
        setTimeout(() => ws.terminate(), TERMINATE_GRACE_MS).unref();
      },
    };
    try {
      await runWatch(sink, this.watchRequest(route, opts, encoding));
    } catch (e) {
      const err = e instanceof StatusError ? e : errors.internal(String(e));
      if (ws.readyState === ws.OPEN)
        ws.send(watchErrorBody(err.status, encoding), { binary: encoding === 'protobuf' }, () => ws.close(1000));
    } finally {
      done();
      this.metrics.observeRequest(labels, 200, Number(process.hrtime.bigint() - started) / 1e9, bytes);
    }
  }
}
