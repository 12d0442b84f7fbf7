// When a VU's JS informers stop: the hold after every one of them synced, bounded by the sync timeout,
// or a fixed time (reconnect storms keep their schedule).
/** A time that can only move earlier; whoever waits for it hears when it does. */
export interface Deadline {
  at(): number;
  onEarlier(cb: () => void): () => void;
}

export class SyncHold implements Deadline {
  private pending: number;
  private stop: number;
  private readonly listeners = new Set<() => void>();

  /** Until every one of `count` informers synced (or `syncDeadline`), then `holdMs` more. */
  constructor(
    count: number,
    syncDeadline: number,
    private readonly holdMs: number,
  ) {
    this.pending = count;
    this.stop = syncDeadline + holdMs;
  }

  static fixed(stopAt: number): SyncHold {
    return new SyncHold(0, stopAt, 0);
  }

  /** An informer synced for the first time. */
  synced(): void {
    if (this.pending > 0 && --this.pending === 0) {
      this.stop = Math.min(this.stop, Date.now() + this.holdMs);
      this.listeners.forEach((cb) => cb());
    }
  }

  /** The current stop time; it only moves earlier, when the last informer syncs. */
  at(): number {
    return this.stop;
  }

  onEarlier(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** The earlier of this and a fixed time. */
  capped(t: number): Deadline {
    return { at: () => Math.min(t, this.stop), onEarlier: (cb) => this.onEarlier(cb) };
  }
}
