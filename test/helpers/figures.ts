// Per-repetition figures with only the memory fields set, for tests of what is computed from them.
import type { RepFigures } from '../../src/metrics/rep-figures.js';

/** A repetition with the given peak RSS over a baseline; every other figure unknown (NaN) or zero. */
export function repWithPeak(variant: string, rep: number, peakBytes: number, baselineBytes: number): RepFigures {
  return {
    variant,
    rep,
    rssBaselineBytes: baselineBytes,
    rssPeakBytes: peakBytes,
    rssGrowthBytes: peakBytes - baselineBytes,
    rssPeakMaxReplicaBytes: NaN,
    apiserverReplicas: NaN,
    heapPeakBytes: NaN,
    syncedP50Ms: NaN,
    syncedP99Ms: NaN,
    listP50Ms: NaN,
    listP99Ms: NaN,
    watchP50Ms: NaN,
    watchP99Ms: NaN,
    bytesReceived: NaN,
    listResponseBytes: NaN,
    syncs: 0,
    errors: 0,
    apiserverCpuSeconds: NaN,
    etcdCpuSeconds: NaN,
    clientCpuSeconds: NaN,
    clientRssPeakBytes: NaN,
    clientCpuSecondsPerGB: NaN,
    apiserverAllocatedBytes: NaN,
    apiserverGcCycles: NaN,
    terminatedWatchers: 0,
    apfRejectedRequests: 0,
    apfRequests: NaN,
    apfSeatsTotal: NaN,
    apfSeatsPerRequest: NaN,
    apfWaitMeanMs: NaN,
    apfListRequests: NaN,
    apfListSeatsPerRequest: NaN,
    apfWatchRequests: NaN,
    apfWatchSeatsPerRequest: NaN,
  };
}
