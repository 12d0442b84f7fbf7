// Reconnect storms triggered by a target restart: the apiserver restarted at each drop time during the load.
import type { Plan } from '../plan/plan.js';
import type { RunningTarget } from '../targets/target.js';

/** Schedules the restarts of the plan's restart-triggered storms from the load's start (`zero`); returns the timers. */
export function scheduleRestarts(
  plan: Plan,
  target: RunningTarget,
  zero: number,
  log: (l: string) => void,
  reseed: () => Promise<unknown>,
): NodeJS.Timeout[] {
  const timers: NodeJS.Timeout[] = [];
  for (const sc of plan.scenarios) {
    if (sc.kind !== 'reconnect-storm' || sc.trigger !== 'target-restart') continue;
    for (let i = 1; i <= sc.drops; i++) {
      const at = zero + sc.startAfterMs + i * sc.dropAfterMs;
      timers.push(
        setTimeout(() => {
          log(`restarting the target (reconnect storm, drop ${i}/${sc.drops})`);
          // Seeding is idempotent: a target that kept its data (etcd) skips it, the mock gets its objects back.
          void target
            .restart()
            .then(reseed)
            .catch((e: Error) => log(`target restart failed: ${e.message}`));
        }, at - Date.now()),
      );
    }
  }
  return timers;
}
