// The figures of one repetition of one variant, computed from its samples and requests (results/summary.ts);
// every metric of the catalogue (metrics.ts) reads one of them.
export interface RepFigures {
  variant: string;
  rep: number;
  rssBaselineBytes: number;
  rssPeakBytes: number;
  rssGrowthBytes: number;
  /**
   * With Prometheus, or a local target with several apiservers: the largest replica's peak (rssPeakBytes is then the
   * sum over replicas); else NaN
   */
  rssPeakMaxReplicaBytes: number;
  /** apiserver replicas Prometheus saw (or the local target ran) during the load; NaN with one local process */
  apiserverReplicas: number;
  /** where the replica figures come from: Prometheus, or each local replica's /proc */
  replicaSource?: 'prometheus' | 'proc';
  heapPeakBytes: number;
  syncedP50Ms: number;
  syncedP99Ms: number;
  listP50Ms: number;
  listP99Ms: number;
  watchP50Ms: number;
  watchP99Ms: number;
  /** client-side bytes of all requests; NaN when a discarded body's size was unknown */
  bytesReceived: number;
  /** mean LIST response size as the apiserver counted it (apiserver_response_sizes), per encoding asked for */
  listResponseBytes: number;
  syncs: number;
  errors: number;
  /** CPU seconds used during the load, from /proc (NaN where the process is not local) */
  apiserverCpuSeconds: number;
  etcdCpuSeconds: number;
  /** the load generator (k6 and its clients), from its start to its last sample */
  clientCpuSeconds: number;
  clientRssPeakBytes: number;
  /** client CPU seconds per GB (1e9 bytes) of response bodies received */
  clientCpuSecondsPerGB: number;
  /** bytes the apiserver allocated during the load (Go's go_memstats_alloc_bytes_total; NaN for the mock) */
  apiserverAllocatedBytes: number;
  /** garbage-collection cycles during the load (Go or Node) */
  apiserverGcCycles: number;
  /** watchers the apiserver terminated for falling behind, and requests priority-and-fairness rejected */
  terminatedWatchers: number;
  apfRejectedRequests: number;
  /**
   * API Priority and Fairness on the load's flow schemas (apf.schemas), growth over the load: requests dispatched,
   * seats estimated in all and per request, mean time in queue. NaN where the server exposes no APF metrics or the
   * load is exempt (apf.note says why).
   */
  apfRequests: number;
  apfSeatsTotal: number;
  apfSeatsPerRequest: number;
  apfWaitMeanMs: number;
  /** the same per verb, where --flow-schema put LIST and WATCH in flow schemas of their own (else NaN) */
  apfListRequests: number;
  apfListSeatsPerRequest: number;
  apfWatchRequests: number;
  apfWatchSeatsPerRequest: number;
  /** which flow schemas those are, or why there are none */
  apf?: ApfScope;
  /** informers the workload starts, and how the load was cut off where its target or engine died (results/target-end.ts) */
  informersPlanned?: number;
  targetDeath?: TargetDeath;
}

/** The flow schemas the load's requests land in (run.json keeps it per repetition). */
export interface ApfScope {
  /** every flow schema the load's requests land in; empty with a note where there are no APF figures */
  schemas: string[];
  /** with --flow-schema: the schemas of LIST and of WATCH apart */
  list?: string;
  watch?: string;
  /** why there are no APF figures: the mock, an exempt user, a server without APF */
  note?: string;
}

/**
 * How a repetition's load was cut off: its target died (OOM-killed, crashed) or its engine did (killed, or stopped at
 * its memory budget). results/target-end.ts reads it from the repetition's record; either way the curves stop there.
 */
export interface TargetDeath {
  kind: 'oom-killed' | 'crashed' | 'engine-died';
  /** the run's own account, e.g. "kube-apiserver exited: signal SIGKILL (OOM-killed: over --memory-limit)" */
  reason: string;
  /** the --memory-limit the target ran under, where one was recorded */
  memoryLimitBytes?: number;
}
