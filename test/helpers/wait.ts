// Waiting on a condition instead of sleeping a fixed time: a test goes on as soon as what it needs is true, and a
// loaded machine only makes it slower, never wrong. The bound is there to fail with a message, not to measure.
import { performance } from 'node:perf_hooks';

export interface WaitOptions {
  /** How long to keep checking before failing. Measured on the monotonic clock, so a test may fake Date. */
  timeoutMs: number;
  /** What is awaited, for the failure message: "both replicas in Prometheus". */
  what: string;
  /** Pause between checks; 50 ms unless told. */
  intervalMs?: number;
  /** More to say on failure, e.g. a process's last log lines. */
  detail?: () => string;
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * Checks `cond` until it returns a truthy value, and returns that value. Past `timeoutMs` it throws
 * `timed out after N ms waiting for <what>`, with the last value `cond` returned (or the error it threw).
 */
export async function waitFor<T>(cond: () => T | Promise<T>, opts: WaitOptions): Promise<Truthy<T>> {
  const deadline = performance.now() + opts.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await cond();
      if (value) return value as Truthy<T>;
      last = value;
    } catch (e) {
      last = e;
    }
    if (performance.now() >= deadline) {
      const seen = last instanceof Error ? `it threw ${last.message}` : `it returned ${JSON.stringify(last)?.slice(0, 500)}`;
      const detail = opts.detail ? `: ${opts.detail()}` : '';
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what} (last check: ${seen})${detail}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}
