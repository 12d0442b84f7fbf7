// The boundary between a run and the program that puts the load on the target: what it runs, where its output
// goes, how that output is read, and why it failed. ksb-runner (the default) and the user's k6 implement it; a third
// engine is one more file in this folder and one line in engines.ts.
import type { EngineSamples } from '../../results/k6-json.js';
import type { EngineRecord, RepRecord } from '../../results/manifest.js';
import type { Plan, Scenario } from '../../plan/plan.js';
import type { RunningTarget } from '../../targets/target.js';
import type { EngineRun } from '../engine-process.js';

/** One repetition's load, as the engine is started on it. */
interface EngineJob {
  /** the variant's file that compile() wrote */
  compiled: string;
  /** where the engine's output goes (outputOf) */
  out: string;
  target: RunningTarget;
  /** the run's id, for engines that tag what they send elsewhere */
  runId: string;
  /** "streaming 2/3", in relayed lines */
  label: string;
  log: (line: string) => void;
}

/** What the engine observed in one repetition, and what the user must be told about it. */
interface EngineReading {
  samples: EngineSamples;
  warnings: string[];
}

export interface Engine {
  readonly name: EngineRecord['name'];
  /** Refuses, before anything starts, a workload the engine cannot run. */
  check(scenarios: Scenario[]): void;
  /** Writes what the engine runs, one file per variant under the run directory; returns their paths. */
  compile(dir: string, plans: Map<string, Plan>): Promise<Map<string, string>>;
  /** The file a repetition's output goes to. */
  outputOf(dir: string, variant: string, rep: number): string;
  /** Starts the engine on one repetition; the target's credentials travel in its environment only. */
  start(job: EngineJob): Promise<EngineRun>;
  /** Reads a repetition's output back (an engine killed mid-write leaves what it wrote). */
  read(out: string, zeroMs: number, record: RepRecord): Promise<EngineReading>;
  /** Why the engine failed, for the repetition's reason, from how it ended. */
  failure(run: EngineRun, exitCode: number): string;
  /** What the engine's figures can and cannot say, told once when the run starts. */
  caveat?(description: string): { line: string; warning: string };
}
