// Arrival profiles: when each informer starts, from k6-style stages ("reach N informers over T").
// Plain TS with no imports: the k6 side schedules informers with it, the Node side aligns samples to steps.
import type { Stage } from './plan.js';

/** ms after the scenario starts at which informer `index` (0-based) arrives; 0 without stages. */
export function arrivalTimeMs(index: number, stages: Stage[] | undefined): number {
  if (!stages || !stages.length) return 0;
  let t = 0;
  let current = 0;
  for (const s of stages) {
    if (s.target > current && index + 1 <= s.target) {
      return t + (s.durationMs * (index + 1 - current)) / (s.target - current);
    }
    t += s.durationMs;
    current = Math.max(current, s.target);
  }
  return t;
}

export interface StepWindow {
  step: number; // 1-based
  startMs: number;
  endMs: number;
  informers: number;
}

/** Windows between stage boundaries, each with the informer count reached by its end. */
export function stepWindows(stages: Stage[] | undefined, holdMs: number): StepWindow[] {
  if (!stages || !stages.length) return [];
  const out: StepWindow[] = [];
  let t = 0;
  let current = 0;
  for (const s of stages) {
    if (s.durationMs > 0) out.push({ step: out.length + 1, startMs: t, endMs: t + s.durationMs, informers: Math.max(current, s.target) });
    t += s.durationMs;
    current = Math.max(current, s.target);
  }
  if (holdMs > t) out.push({ step: out.length + 1, startMs: t, endMs: holdMs, informers: current });
  return out;
}

/** A profile of `steps` equal steps, each `stepMs` long: count/steps informers arrive at once, then hold. */
export function stepProfile(count: number, steps: number, stepMs: number): Stage[] {
  const out: Stage[] = [];
  for (let k = 1; k <= steps; k++) {
    const target = Math.round((count * k) / steps);
    out.push({ durationMs: 0, target }, { durationMs: stepMs, target });
  }
  return out;
}
