// One informer: get in sync (LIST then WATCH, or WatchList), stay watching, resync whenever the watch ends
import { clearTimeout, setTimeout } from 'k6/timers';
// early (target restart) or on a scheduled drop (reconnect storm).
import { listOnce } from './list';
import type { TargetEnv } from './env';
import type { Plan } from '../plan/plan';
import type { Deadline, SyncHold } from './hold';
import { record, recordSynced } from './record';
import { watch, type WatchResult } from './watch';

export interface InformerSpec {
  id: number;
  scenario: string;
  resource: string;
  namespace: string;
  listResourceVersion: '0' | '';
  /** Absolute times at which every watch is dropped by the client (reconnect storm). */
  dropAt: number[];
  /** When the informer stops: after every informer of its VU synced plus the hold, or a fixed time. */
  hold: SyncHold;
}

interface Sync {
  ok: boolean;
  /** resourceVersion to continue watching from (legacy) */
  resourceVersion?: string;
  /** the open watch, for WatchList, which syncs inside it */
  watching?: Promise<WatchResult>;
  startedAt: number;
}

export class Informer {
  constructor(
    private readonly env: TargetEnv,
    private readonly plan: Plan,
    private readonly spec: InformerSpec,
  ) {}

  private record(
    op: 'list' | 'watch' | 'watchlist' | 'reconnect',
    fields: Omit<Parameters<typeof record>[0], 'scenario' | 'op' | 'informer'>,
  ) {
    record({ scenario: this.spec.scenario, op, informer: this.spec.id, ...fields }, this.plan.variant);
  }

  async run(): Promise<void> {
    const { dropAt, hold } = this.spec;
    let cause: 'start' | 'drop' | 'server' = 'start';
    let disconnectedAt = Date.now();
    let nextDrop = 0;
    let failures = 0;
    let everSynced = false;
    while (Date.now() < hold.at()) {
      const drop = nextDrop < dropAt.length ? dropAt[nextDrop]! : Infinity;
      const closeAt = hold.capped(drop);
      const sync = await this.sync(closeAt);
      if (!sync.ok) {
        failures++;
        await delay(Math.min(1000, 100 * 2 ** failures)); // back off like a reflector, then relist
        continue;
      }
      failures = 0;
      if (!everSynced) hold.synced();
      everSynced = true;
      if (cause !== 'start') this.record('reconnect', { status: 200, durationMs: Date.now() - disconnectedAt });
      const w = sync.watching ?? this.watchFrom(sync.resourceVersion, closeAt);
      const result = await w;
      const syncedAt = result.syncedMs !== undefined ? sync.startedAt + result.syncedMs : sync.startedAt;
      this.record('watch', {
        status: result.opened ? 101 : 0,
        durationMs: Date.now() - syncedAt,
        ttfbMs: result.syncedMs === undefined ? result.ttfbMs : undefined, // after a WatchList, the first event was initial state
        bytes: result.bytes - result.initialBytes,
        objects: result.events - result.initialObjects,
        error: result.closedByServer && Date.now() < closeAt.at() - 50 ? (result.error ?? 'watch closed by server') : undefined,
      });
      disconnectedAt = Date.now();
      if (!result.closedByServer && nextDrop < dropAt.length && closeAt.at() === dropAt[nextDrop]) {
        nextDrop++;
        cause = 'drop';
      } else cause = 'server';
    }
  }

  private async sync(closeAt: Deadline): Promise<Sync> {
    return this.plan.clientMode === 'watchlist' ? this.watchList(closeAt) : this.listThenWatch();
  }

  /** Legacy informer: LIST, synced when the LIST ends; the watch starts from a revision taken before it. */
  private async listThenWatch(): Promise<Sync> {
    const t = { resource: this.spec.resource, namespace: this.spec.namespace };
    const startedAt = Date.now();
    // A cheap consistent read gives a revision <= the LIST's, so watching from it can repeat events but never miss one.
    const probe = await listOnce(this.env, t, { limit: 1 }, true);
    if (probe.status !== 200) {
      this.record('list', { status: probe.status, durationMs: probe.durationMs, ttfbMs: probe.ttfbMs, error: probe.error });
      return { ok: false, startedAt };
    }
    const readBody = this.plan.expectedListBytes <= this.plan.readBodyLimitBytes;
    const l = await listOnce(this.env, t, { resourceVersion: this.spec.listResourceVersion, limit: 500 }, readBody);
    this.record('list', {
      status: l.status,
      durationMs: l.durationMs,
      ttfbMs: l.ttfbMs,
      bytes: l.bytes,
      objects: l.objects,
      error: l.error,
    });
    if (l.status !== 200) return { ok: false, startedAt };
    recordSynced(this.spec.scenario, this.plan.variant, l.durationMs, this.spec.id);
    return { ok: true, resourceVersion: l.resourceVersion ?? probe.resourceVersion, startedAt };
  }

  private watchFrom(resourceVersion: string | undefined, closeAt: Deadline): Promise<WatchResult> {
    return watch(this.env, {
      resource: this.spec.resource,
      namespace: this.spec.namespace,
      params: { resourceVersion, allowWatchBookmarks: true },
      closeAt,
      tags: { scenario: this.spec.scenario, variant: this.plan.variant },
    });
  }

  /** WatchList: one watch that sends the current state, then the initial-events-end bookmark (= synced). */
  private async watchList(closeAt: Deadline): Promise<Sync> {
    const startedAt = Date.now();
    let settle: (synced: boolean) => void = () => {};
    const synced = new Promise<boolean>((r) => (settle = r));
    const watching = watch(this.env, {
      resource: this.spec.resource,
      namespace: this.spec.namespace,
      params: { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true },
      closeAt,
      tags: { scenario: this.spec.scenario, variant: this.plan.variant },
      onSynced: (p) => {
        this.record('watchlist', {
          status: 101,
          durationMs: p.syncedMs!,
          ttfbMs: p.ttfbMs,
          bytes: p.initialBytes,
          objects: p.initialObjects,
        });
        recordSynced(this.spec.scenario, this.plan.variant, p.syncedMs!, this.spec.id);
        settle(true);
      },
    });
    void watching.then(() => settle(false));
    const timeout = setTimeout(() => settle(false), this.plan.syncTimeoutMs);
    const ok = await synced;
    clearTimeout(timeout);
    if (ok) return { ok: true, watching, startedAt };
    // Not synced: report why, and let a watch that is still open run out before resyncing (no duplicates).
    const stillOpen = Date.now() - startedAt >= this.plan.syncTimeoutMs;
    const w = stillOpen ? undefined : await watching;
    this.record('watchlist', {
      status: w?.opened ? 101 : 0,
      durationMs: Date.now() - startedAt,
      ttfbMs: w?.ttfbMs,
      bytes: w?.bytes,
      objects: w?.initialObjects,
      error: stillOpen
        ? `not synced after ${this.plan.syncTimeoutMs} ms`
        : (w?.error ??
          (w && !w.closedByServer ? 'not synced before the informer stopped (hold too short)' : 'watch ended before initial-events-end')),
    });
    if (stillOpen) await watching;
    return { ok: false, startedAt };
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
