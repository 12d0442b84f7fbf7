// One apiserver of a replicated local target, kept as a kubelet keeps a static pod: when its process dies (killed
// for memory or otherwise) it is started again after kubelet's back-off, a new process with a cold watch cache; with
// restarts off it stays down. Every exit, kill, restart and readiness goes into the target's events.
import type { ApiserverEvent, ApiserverEventKind } from '../apiserver-events.js';
import type { Apiserver } from './apiserver.js';
import type { MemoryCgroup } from './memory-limit.js';
import { BACKOFF_RESET_AFTER_MS, restartDelayMs } from './restart-backoff.js';

export interface SupervisorOptions {
  index: number;
  apiserver: Apiserver;
  cgroup?: MemoryCgroup;
  /** start it again after a crash (--restart-killed on) */
  restart: boolean;
  events: ApiserverEvent[];
  log: (line: string) => void;
  /** the delay before a restart, given the restarts so far (kubelet's back-off; tests shorten it) */
  delayMs?: (restartsBefore: number) => number;
}

export type SupervisedState = 'running' | 'backing-off' | 'starting' | 'down' | 'stopped';

export class ApiserverSupervisor {
  state: SupervisedState = 'running';
  /** restarts after crashes so far */
  restarts = 0;
  private readonly stopping = new AbortController();
  private replaced?: () => void;
  /** a deliberate restart whose start failed: handled as a crash */
  private failedStart?: string;
  private oomSeen = 0;
  private readyAt = Date.now();
  /** resolves when the apiserver is down for good: crashed with restarts off */
  readonly downForGood: Promise<void>;
  private markDown: () => void = () => {};

  constructor(private readonly o: SupervisorOptions) {
    this.downForGood = new Promise((r) => (this.markDown = r));
  }

  private note(kind: ApiserverEventKind, at = Date.now()): void {
    this.o.events.push({ at, apiserver: String(this.o.index), kind });
  }

  /** Watches the apiserver until stop(); call once, not awaited. */
  async watch(): Promise<void> {
    const { cgroup } = this.o;
    this.oomSeen = (await cgroup?.oomKills()) ?? 0;
    for (;;) {
      const current = this.o.apiserver.process;
      const replaced = new Promise<'replaced'>((r) => (this.replaced = () => r('replaced')));
      const ended = await Promise.race([current.crashed, replaced]);
      if (this.stopping.signal.aborted) return;
      const failedStart = this.failedStart;
      this.failedStart = undefined;
      if (ended === 'replaced' && !failedStart) continue;
      if (!(await this.afterCrash(failedStart ?? ended))) return;
    }
  }

  /** A crash noted; with restarts on, started again (as often as it takes) — true once it is ready again. */
  private async afterCrash(why: string): Promise<boolean> {
    const name = `apiserver ${this.o.index}`;
    for (;;) {
      const at = Date.now();
      const kills = (await this.o.cgroup?.oomKills()) ?? 0;
      if (kills > this.oomSeen) this.note('oom-killed', at);
      this.oomSeen = kills;
      this.note('exited', at);
      if (!this.o.restart) {
        this.state = 'down';
        this.o.log(`local target: ${name} exited (${why}); not restarted (--restart-killed off)`);
        this.markDown();
        return false;
      }
      if (at - this.readyAt >= BACKOFF_RESET_AFTER_MS) this.restarts = 0;
      const delay = (this.o.delayMs ?? restartDelayMs)(this.restarts++);
      this.state = 'backing-off';
      this.o.log(`local target: ${name} exited (${why}); restarting in ${(delay / 1000).toFixed(0)} s (kubelet's back-off)`);
      if (!(await this.sleep(delay))) return false;
      this.state = 'starting';
      this.note('restarted');
      try {
        await this.o.apiserver.start();
        if (this.stopping.signal.aborted) return false;
        this.readyAt = Date.now();
        this.note('ready', this.readyAt);
        this.state = 'running';
        return true;
      } catch (e) {
        if (this.stopping.signal.aborted) return false;
        why = (e as Error).message.split('\n')[0]!;
      }
    }
  }

  /** Waits ms, or less when stopped: true when the wait ran out and the apiserver is still wanted. */
  private sleep(ms: number): Promise<boolean> {
    const signal = this.stopping.signal;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(!signal.aborted), ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
  }

  /** A deliberate restart (a rolling-upgrade step): stopped with `graceMs`, started, ready. */
  async restartNow(graceMs: number): Promise<void> {
    this.state = 'starting';
    await this.o.apiserver.stop(graceMs);
    this.note('exited');
    this.note('restarted');
    try {
      await this.o.apiserver.start();
      this.readyAt = Date.now();
      this.note('ready', this.readyAt);
      this.state = 'running';
    } catch (e) {
      this.failedStart = (e as Error).message.split('\n')[0]!;
      throw e;
    } finally {
      // the watch moves on to the new process (or, when it never got ready, to the crash back-off)
      this.replaced?.();
    }
  }

  /** No more restarts; a pending one is cancelled. The process itself is stopped by the target's teardown. */
  stop(): void {
    this.state = 'stopped';
    this.stopping.abort();
    this.replaced?.();
  }
}
