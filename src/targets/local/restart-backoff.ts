// How long a killed apiserver stays down before it is started again: kubelet's back-off for a crashed static pod,
// 10 s doubling to at most 5 min, forgotten once the container has run for 10 minutes.

const FIRST_MS = 10_000;
const MAX_MS = 300_000;
/** kubelet forgets a container's back-off after it ran for twice the longest delay */
export const BACKOFF_RESET_AFTER_MS = 2 * MAX_MS;

/** The delay before restart number `restartsBefore + 1` (0 for the first restart). */
export function restartDelayMs(restartsBefore: number): number {
  return Math.min(MAX_MS, FIRST_MS * 2 ** Math.min(restartsBefore, 30));
}
