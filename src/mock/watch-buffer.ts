// How many events kube-apiserver's watch cache buffers for one watcher before it waits, then terminates it.
// A cacheWatcher has an input and a result channel of chanSize each. chanSize is the watch cache's capacity
// divided by the 75 s it aims to keep, clamped to [10, 100] for resources without an indexed trigger
// (secrets, configmaps). The capacity starts at 100 events and doubles while 75 s of events do not fit.
import type { Store, StoreEvent } from './store.js';

const EVENT_FRESH_MS = 75_000;
const MIN_CAPACITY = 100;
const MAX_CAPACITY = 100 * 1024;
const MIN_CHAN = 10;
const MAX_CHAN_WITHOUT_INDEX = 100;

/** The longest a full buffer is waited for (the cacher's dispatch time budget) before the watcher goes. */
export const DISPATCH_BUDGET_MS = 100;

export class WatchBufferSizing {
  private readonly recent = new Map<string, number[]>(); // resource -> event times within the fresh window

  constructor(store: Store) {
    store.events.on('event', (e: StoreEvent) => this.record(e.object.resource, Date.now()));
  }

  private record(resource: string, now: number): void {
    const times = this.recent.get(resource) ?? [];
    times.push(now);
    let drop = 0;
    while (drop < times.length && times[drop]! < now - EVENT_FRESH_MS) drop++;
    if (drop) times.splice(0, drop);
    this.recent.set(resource, times);
  }

  /** Events one new watcher of `resource` may have buffered: its input and result channels together. */
  bufferEvents(resource: string): number {
    const now = Date.now();
    const inWindow = (this.recent.get(resource) ?? []).filter((t) => t >= now - EVENT_FRESH_MS).length;
    let capacity = MIN_CAPACITY;
    while (capacity < inWindow && capacity < MAX_CAPACITY) capacity *= 2;
    const chanSize = Math.min(MAX_CHAN_WITHOUT_INDEX, Math.max(MIN_CHAN, Math.ceil(capacity / (EVENT_FRESH_MS / 1000))));
    return 2 * chanSize;
  }
}
