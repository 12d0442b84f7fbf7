// What the stages of a run share: the options, the run directory, the manifest and the rows measured so far (one
// run), and the state of the repetition under way (one repetition).
import type { Bystander } from '../collect/bystander.js';
import type { HeapProfiler } from '../collect/heap-profiler.js';
import type { Sampler } from '../collect/sampler.js';
import type { RepFigures } from '../metrics/rep-figures.js';
import type { Plan } from '../plan/plan.js';
import type { RepRecord, RunManifest } from '../results/manifest.js';
import type { RequestRow, SampleRow } from '../results/rows.js';
import type { ResolvedWorkload } from '../workload/resolve.js';
import type { Engine } from './engines/engine.js';
import type { Interrupts } from './interrupts.js';
import type { RunOptions } from './run-options.js';

export interface RunContext {
  o: RunOptions;
  log: (line: string) => void;
  /** a warning for run.json and the terminal */
  warn: (warning: string) => void;
  id: string;
  dir: string;
  workload: ResolvedWorkload;
  plans: Map<string, Plan>;
  /** what puts the load on the target (ksb-runner, or the user's k6) */
  engine: Engine;
  /** per variant, the file the engine runs (a plan or a k6 script) */
  compiled: Map<string, string>;
  informerScenarios: Set<string>;
  /** the load step a sample's time falls in, when the workload has an arrival profile */
  stepOf?: (tMs: number) => number | undefined;
  /** the last repetition planned (--max-reps with --reps auto) */
  lastRep: number;
  manifest: RunManifest;
  samples: SampleRow[];
  requests: RequestRow[];
  figures: RepFigures[];
  interrupts: Interrupts;
  /** an engine failed with --no-keep-going: no repetition starts after this one */
  stopAfterThis: boolean;
}

/** One repetition of one variant; each stage returns what it makes to the stages after it (repetition.ts). */
export interface Repetition {
  variant: string;
  rep: number;
  /** "streaming 2/3", in log lines */
  label: string;
  record: RepRecord;
}

/** What the sampling stage makes: the sampler and profiler running, and the load's time zero. */
export interface Sampling {
  sampler: Sampler;
  profiler?: HeapProfiler;
  /** when the load was to begin, a second after sampling began; and when it began (epoch ms) */
  plannedZero: number;
  zero: number;
  /** --bystander: reads and writes through the target during the load */
  bystander?: Bystander;
}

/** What the load stage makes: the engine's output file, and how the load went. */
export interface Load {
  out: string;
  /** target restarts scheduled by a reconnect storm */
  restarts: number;
  engineFailed: boolean;
}
