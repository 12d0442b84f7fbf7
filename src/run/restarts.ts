// Reconnect storms triggered by a target restart: the apiserver restarted at each drop time during the load.
import type { Plan } from '../plan/plan.js';
import type { RunningTarget } from '../targets/target.js';

export interface ScheduledRestarts {
  timers: NodeJS.Timeout[];
  /** one per restart begun: resolves when it has ended, well or not, with when it ended (ms since the epoch) */
  begun: Array<Promise<{ drop: number; endedAt: number; ok: boolean }>>;
}

/** Schedules the restarts of the plan's restart-triggered storms from the load's start (`zero`). */
export function scheduleRestarts(
  plan: Plan,
  target: RunningTarget,
  zero: number,
  log: (l: string) => void,
  reseed: () => Promise<unknown>,
): ScheduledRestarts {
  const scheduled: ScheduledRestarts = { timers: [], begun: [] };
  for (const sc of plan.scenarios) {
    if (sc.kind !== 'reconnect-storm' || sc.trigger !== 'target-restart') continue;
    for (let i = 1; i <= sc.drops; i++) {
      const at = zero + sc.startAfterMs + i * sc.dropAfterMs;
      scheduled.timers.push(
        setTimeout(() => {
          log(`restarting the target (reconnect storm, drop ${i}/${sc.drops})`);
          const t0 = Date.now();
          // Seeding is idempotent: a target that kept its data (etcd) skips it, the mock gets its objects back.
          scheduled.begun.push(
            target
              .restart()
              .then(reseed)
              .then(
                () => {
                  log(`target restarted in ${((Date.now() - t0) / 1000).toFixed(1)} s (drop ${i}/${sc.drops})`);
                  return { drop: i, endedAt: Date.now(), ok: true };
                },
                (e: Error) => {
                  log(`target restart failed: ${e.message}`);
                  return { drop: i, endedAt: Date.now(), ok: false };
                },
              ),
          );
        }, at - Date.now()),
      );
    }
  }
  return scheduled;
}

/** What to say of restarts that ended after the load had: the informers could not re-sync after them. */
export function lateRestartWarnings(
  ended: Array<{ drop: number; endedAt: number; ok: boolean }>,
  loadEnded: number,
  label: string,
): string[] {
  return ended
    .filter((d) => d.ok && d.endedAt > loadEnded)
    .map(
      (d) =>
        `${label}: the target's restart for drop ${d.drop} ended ${((d.endedAt - loadEnded) / 1000).toFixed(1)} s after the load did, so the informers never re-synced after it; give the restart more time (a larger dropAfter)`,
    );
}
