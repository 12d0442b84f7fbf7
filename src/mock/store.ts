// A versioned object store with a global resourceVersion, modelled on etcd's MVCC: every write makes a
// revision, reads can be served at an older revision until it is compacted, and a bounded event history
// feeds watches. Objects are held pre-serialized, as the apiserver holds etcd's bytes.
import { EventEmitter } from 'node:events';

export interface StoredObject {
  resource: string;
  key: string; // "<namespace>/<name>", or "/<name>" for cluster-scoped objects
  namespace: string;
  name: string;
  labels: Record<string, string>;
  rv: number;
  /** The object as a list item: JSON without kind/apiVersion, as kube-apiserver writes list items. */
  item: Buffer;
  /** The protobuf message and the field header that embeds it in a list (kinds with a schema). */
  protobuf?: { header: Buffer; message: Buffer };
  /** Selectable fields besides metadata.name and metadata.namespace (the resource's selectableFields). */
  fields?: Record<string, string>;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  rv: number;
  object: StoredObject;
}

interface Revision {
  rv: number;
  object: StoredObject | null; // null: deleted at rv
}

export interface StoreOptions {
  /** How many events the history keeps; older revisions are compacted away. */
  historySize: number;
}

export function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Binary search for the first index whose key is >= key. */
function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class Store {
  private rv = 1;
  private compactedRV = 0;
  private readonly keys = new Map<string, string[]>(); // resource -> sorted keys with retained revisions
  private readonly revisions = new Map<string, Revision[]>(); // resource + "\0" + key -> revisions by rv
  private readonly history: StoreEvent[] = [];
  private historyStart = 0; // index of the oldest live entry in `history`
  private readonly live = new Map<string, number>(); // resource -> current object count
  readonly events = new EventEmitter();

  constructor(private readonly opts: StoreOptions) {
    this.events.setMaxListeners(0);
  }

  currentRV(): number {
    return this.rv;
  }

  /** Revisions at or below this are gone: reads and watches from there get 410 Expired. */
  compactedRevision(): number {
    return this.compactedRV;
  }

  count(resource: string): number {
    return this.live.get(resource) ?? 0;
  }

  resourcesWithObjects(): string[] {
    return [...this.live.keys()];
  }

  get(resource: string, key: string, atRV = this.rv): StoredObject | undefined {
    const revs = this.revisions.get(`${resource}\0${key}`);
    if (!revs) return undefined;
    for (let i = revs.length - 1; i >= 0; i--) {
      const r = revs[i]!;
      if (r.rv <= atRV) return r.object ?? undefined;
    }
    return undefined;
  }

  /**
   * Writes a new revision. `build` receives the resourceVersion the object will carry; for DELETED it
   * returns the object's final state (what the DELETED event carries).
   */
  put(resource: string, key: string, type: EventType, build: (rv: number) => StoredObject): StoreEvent {
    const rv = this.rv + 1;
    const state = build(rv); // may throw (e.g. too large): then no revision is used up
    this.rv = rv;
    const object = type === 'DELETED' ? null : state;
    const id = `${resource}\0${key}`;
    let revs = this.revisions.get(id);
    if (!revs) {
      revs = [];
      this.revisions.set(id, revs);
      const keys = this.keys.get(resource) ?? [];
      keys.splice(lowerBound(keys, key), 0, key);
      this.keys.set(resource, keys);
    }
    revs.push({ rv, object });
    if (type === 'ADDED') this.live.set(resource, this.count(resource) + 1);
    if (type === 'DELETED') this.live.set(resource, this.count(resource) - 1);
    const event: StoreEvent = { type, rv, object: state };
    this.appendHistory(event);
    this.events.emit('event', event);
    return event;
  }

  /** Objects of a resource at a revision, in key order, starting at startKey (inclusive). */
  *list(resource: string, atRV: number, prefix = '', startKey = ''): Generator<StoredObject> {
    const keys = this.keys.get(resource);
    if (!keys) return;
    const from = lowerBound(keys, startKey > prefix ? startKey : prefix);
    for (let i = from; i < keys.length; i++) {
      const key = keys[i]!;
      if (prefix && !key.startsWith(prefix)) break;
      const obj = this.get(resource, key, atRV);
      if (obj) yield obj;
    }
  }

  /** Events after rv for a resource, or 'expired' when history no longer reaches back to rv. */
  eventsSince(rv: number): StoreEvent[] | 'expired' {
    if (rv < this.compactedRV) return 'expired';
    const out: StoreEvent[] = [];
    for (let i = this.historyStart; i < this.history.length; i++) {
      const e = this.history[i]!;
      if (e.rv > rv) out.push(e);
    }
    return out;
  }

  private appendHistory(event: StoreEvent): void {
    this.history.push(event);
    while (this.history.length - this.historyStart > this.opts.historySize) {
      const dropped = this.history[this.historyStart]!;
      this.historyStart++;
      this.compactedRV = dropped.rv;
      this.compactKey(dropped.object.resource, dropped.object.key);
    }
    if (this.historyStart > 4096 && this.historyStart * 2 > this.history.length) {
      this.history.splice(0, this.historyStart);
      this.historyStart = 0;
    }
  }

  /** Drops a key's revisions that no read can reach any more (all but the newest at or below compactedRV). */
  private compactKey(resource: string, key: string): void {
    const id = `${resource}\0${key}`;
    const revs = this.revisions.get(id);
    if (!revs) return;
    let keepFrom = 0;
    for (let i = 0; i < revs.length; i++) if (revs[i]!.rv <= this.compactedRV) keepFrom = i;
    if (keepFrom > 0) revs.splice(0, keepFrom);
    if (revs.length === 1 && revs[0]!.object === null && revs[0]!.rv <= this.compactedRV) {
      this.revisions.delete(id);
      const keys = this.keys.get(resource)!;
      const at = lowerBound(keys, key);
      if (keys[at] === key) keys.splice(at, 1);
    }
  }
}

/** What a fieldSelector is matched against: the object's name and namespace, and its resource's extra fields. */
export function selectableFields(o: StoredObject): Record<string, string> {
  return { 'metadata.name': o.name, 'metadata.namespace': o.namespace, ...o.fields };
}
