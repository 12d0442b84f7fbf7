// --reps auto: repetitions go on in interleaved pairs until the 95% interval of every gated ratio between the two
// variants lies within ±threshold of the ratio, or --max-reps is reached; the run says which.
import { METRICS } from '../metrics/metrics.js';
import type { RepFigures } from '../metrics/rep-figures.js';
import { ratioInterval } from '../stats/ratio.js';

/** Fewer repetitions than this never settle: the interval of 2 values a side is too wide to trust its width. */
const MIN_AUTO_REPS = 3;

export interface AutoReps {
  maxReps: number;
  /** e.g. 0.05: every gated ratio known to within ±5% */
  threshold: number;
}

export interface AutoDecision {
  settled: boolean;
  /** the gated metric whose interval is widest, as ± relative to its ratio */
  widest?: { metric: string; halfWidth: number };
}

export function autoRepsDecision(figures: RepFigures[], baseline: string, candidate: string, threshold: number): AutoDecision {
  let widest: AutoDecision['widest'];
  let enough = true;
  for (const m of METRICS.filter((x) => x.gated)) {
    const side = (v: string) =>
      figures
        .filter((f) => f.variant === v)
        .map(m.of)
        .filter(Number.isFinite);
    const [b, c] = [side(baseline), side(candidate)];
    // Metrics a workload does not produce (no LISTs), or counts that are all zero (errors), have no ratio to pin down.
    if (!b.length || !c.length || [...b, ...c].every((x) => x === 0)) continue;
    if (b.length < MIN_AUTO_REPS || c.length < MIN_AUTO_REPS) enough = false;
    const e = ratioInterval(b, c);
    const halfWidth = e.problem ? Infinity : Math.max(e.high / e.ratio - 1, 1 - e.low / e.ratio);
    if (!widest || halfWidth > widest.halfWidth) widest = { metric: m.key, halfWidth };
  }
  return { settled: enough && (widest === undefined || widest.halfWidth <= threshold), widest };
}

export function describeWidest(d: AutoDecision): string {
  if (!d.widest) return 'no gated metric to judge';
  const pm = Number.isFinite(d.widest.halfWidth) ? `±${(d.widest.halfWidth * 100).toFixed(1)}%` : 'no interval';
  return `widest: ${d.widest.metric} ${pm}`;
}
