// What a caller asks of one benchmark run (`ksb run`, capacity search, the benches) and what it gets back.
import type { PrometheusSource } from '../collect/prometheus-source.js';
import type { RepFigures } from '../metrics/rep-figures.js';
import type { EngineRecord, RunManifest } from '../results/manifest.js';
import type { TargetProvider } from '../targets/target.js';
import type { WorkloadDefinition } from '../workload/define.js';
import type { PlanTuning } from '../workload/resolve.js';
import type { AutoReps } from './auto-reps.js';
import type { K6Output } from './k6-outputs.js';

export interface RunOptions {
  workload: WorkloadDefinition;
  sets: string[];
  variants: string[];
  reps: number;
  outRoot: string;
  target: TargetProvider;
  /** ksb-runner (the default) or the user's k6 */
  engine: EngineChoice;
  version: string;
  tuning?: Partial<PlanTuning>;
  /** after a repetition whose engine failed: go on with the next ones (default) or stop the run */
  keepGoing?: boolean;
  /** --reps auto: `reps` is ignored; repetitions go on until the gated ratios are known well enough */
  auto?: AutoReps;
  /** --prometheus-url: apiserver and etcd figures through PromQL, per replica (checked to answer before this is called) */
  prometheus?: { source: PrometheusSource; version: string };
  /** --k6-out: k6 outputs added beside the project's own */
  k6Outputs?: K6Output[];
  /** --flow-schema: a priority level and flow schemas of this name for the load, made before it starts (not the mock) */
  flowSchema?: string;
  /** a bystander's reads and writes through the target during the load (availability as an operator feels it) */
  bystander?: boolean;
  log?: (line: string) => void;
}

export interface EngineChoice {
  record: EngineRecord;
  path: string;
  /** ksb-runner's memory budget in bytes (its default: half the host's memory) */
  memoryBudget?: number;
}

export interface RunResult {
  dir: string;
  manifest: RunManifest;
  reps: RepFigures[];
  summaryText: string;
}
