// The capacity search: raise a parameter exponentially until a probe fails, then bisect between the last
// pass and the first failure. Pure: the measurement is a function, so the stepping is testable.

interface Probe {
  value: number;
  passed: boolean;
  why: string;
}

export interface SearchOptions {
  start: number;
  max: number;
  factor: number;
  /** stop bisecting when the gap is at most this fraction of the passing value (at least 1) */
  precision: number;
}

export interface SearchResult {
  /** largest value that passed; undefined when even `start` failed */
  largestPassing?: number;
  /** smallest value that failed; undefined when `max` passed */
  smallestFailing?: number;
  probes: Probe[];
  /** the value at which the load generator itself ran out of memory budget: the search ended there, unanswered */
  engineLimitAt?: number;
}

/** A probe's outcome; engineLimit: the load generator, not the target, could not hold this value. */
export interface ProbeOutcome {
  passed: boolean;
  why: string;
  engineLimit?: boolean;
}

export async function searchCapacity(measure: (value: number) => Promise<ProbeOutcome>, o: SearchOptions): Promise<SearchResult> {
  const probes: Probe[] = [];
  let engineLimitAt: number | undefined;
  const probe = async (value: number) => {
    const r = await measure(value);
    probes.push({ value, passed: r.passed, why: r.why });
    if (r.engineLimit) engineLimitAt = value;
    return r.passed;
  };
  let lo: number | undefined;
  let hi: number | undefined;
  for (let v = o.start; ; v = Math.min(o.max, Math.max(v + 1, Math.round(v * o.factor)))) {
    if (await probe(v)) lo = v;
    else {
      if (engineLimitAt !== undefined) return { largestPassing: lo, probes, engineLimitAt };
      hi = v;
      break;
    }
    if (v >= o.max) break;
  }
  if (lo === undefined || hi === undefined) return { largestPassing: lo, smallestFailing: hi, probes };
  while (hi - lo > Math.max(1, Math.floor(lo * o.precision))) {
    const mid = Math.floor((lo + hi) / 2);
    if (await probe(mid)) lo = mid;
    else if (engineLimitAt !== undefined) return { largestPassing: lo, smallestFailing: hi, probes, engineLimitAt };
    else hi = mid;
  }
  return { largestPassing: lo, smallestFailing: hi, probes };
}
