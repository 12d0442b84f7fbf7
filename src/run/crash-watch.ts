// Whether a failure was the target's death: a stage or an engine that failed after a target process died (a /metrics
// that etcd's death hung, a runner whose apiserver went away) failed of that death, which is the reason to record.
import { setTimeout as delay } from 'node:timers/promises';

/** How long a failure waits for the target to report a death that caused it (process exits arrive in any order). */
const CRASH_GRACE_MS = 1000;

/** The target's crash reason when it died before or just after a failure; undefined while it lives. */
export async function crashReason(target: { crashed: Promise<string> }, graceMs = CRASH_GRACE_MS): Promise<string | undefined> {
  const living = new AbortController();
  try {
    return await Promise.race([target.crashed, delay(graceMs, undefined, { signal: living.signal })]);
  } finally {
    living.abort();
  }
}
