// One step of a bisect: the commit built (in ksb's own worktree, cached per commit) and run interleaved against the
// good build (a --builds run: good, candidate, good, candidate, …), judged on one metric of one variant with the
// verdict `ksb compare` gives: regressed → bad, unchanged or improved → good; inconclusive → more repetitions up to
// a bound, then skip. A commit that does not build is skipped, as `git bisect run` does with exit 125.
import { join } from 'node:path';
import { BuildFailed } from '../builds/checkout.js';
import { resolveBuild } from '../builds/resolve.js';
import type { BuildSpec } from '../builds/spec.js';
import { compareSides, type MetricComparison } from '../compare/compare.js';
import type { RepFigures } from '../metrics/rep-figures.js';
import { runBenchmark, type EngineChoice } from '../run/run.js';
import { userBuild, type LocalBuild } from '../targets/local/local-build.js';
import { localTarget } from '../targets/local/local-target.js';
import { DEFAULT_KUBE_VERSION } from '../targets/versions.js';
import { crossBuilds } from '../variants/variants.js';
import type { WorkloadDefinition } from '../workload/define.js';
import type { Candidate } from './range.js';
import type { StepOutcome } from './search.js';
import type { StepRecord } from './state.js';

export interface StepContext {
  workload: WorkloadDefinition;
  sets: string[];
  variant: string;
  metric: string;
  threshold: number;
  /** repetitions a side per round, and the most a step may take before it is skipped as inconclusive */
  reps: number;
  maxReps: number;
  dir: string;
  engine: EngineChoice;
  version: string;
  say: (line: string) => void;
}

const GOOD = 'good';
const CANDIDATE = 'candidate';

/** A build spec to a build the local target runs under `name` (the cell prefix). */
export async function buildNamed(spec: BuildSpec, name: string, say: (line: string) => void): Promise<LocalBuild> {
  return userBuild(await resolveBuild(spec, `bisect ${spec.text}`, say), { name, log: say });
}

const OUTCOME: Record<MetricComparison['verdict'], StepOutcome> = {
  regressed: 'bad',
  improved: 'good',
  unchanged: 'good',
  inconclusive: 'skip',
};

function judged(ctx: StepContext, figures: RepFigures[]): MetricComparison | undefined {
  const side = (name: string) => ({ label: name, figures: figures.filter((f) => f.variant === `${name}.${ctx.variant}`) });
  const rows = compareSides(side(GOOD), side(CANDIDATE), { threshold: ctx.threshold, gates: [ctx.metric] });
  return rows.find((r) => r.metric === ctx.metric);
}

function recordOf(c: Candidate, row: MetricComparison | undefined, runs: string[], reps: number): StepRecord {
  if (!row)
    return {
      commit: c.id,
      subject: c.subject,
      outcome: 'skip',
      verdict: 'no figures',
      reps,
      runs,
      note: 'the runs gave no value of the metric',
    };
  const geo = (xs: number[]) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
  return {
    ...{ commit: c.id, subject: c.subject, outcome: OUTCOME[row.verdict], verdict: row.verdict, reps, runs },
    ...{ goodValue: geo(row.baselineValues), value: geo(row.candidateValues) },
    ...{ ratio: row.estimate.ratio, low: row.estimate.low, high: row.estimate.high },
    ...(row.note ? { note: row.note } : {}),
  };
}

/** Rounds of interleaved repetitions until the verdict is clear or maxReps a side are spent. */
async function measure(ctx: StepContext, good: LocalBuild, candidate: LocalBuild, c: Candidate): Promise<StepRecord> {
  const figures: RepFigures[] = [];
  const runs: string[] = [];
  let row: MetricComparison | undefined;
  for (let done = 0; done < ctx.maxReps;) {
    const reps = Math.min(ctx.reps, ctx.maxReps - done);
    const result = await runBenchmark({
      ...{ workload: ctx.workload, sets: ctx.sets, reps, engine: ctx.engine, version: ctx.version },
      variants: crossBuilds([ctx.variant], [GOOD, CANDIDATE]),
      outRoot: join(ctx.dir, 'runs'),
      target: localTarget({ kubeVersion: DEFAULT_KUBE_VERSION, builds: [good, candidate], log: ctx.say }),
      log: ctx.say,
    });
    // Ctrl-C ends the run early without an error: the step is not judged, and the bisect stops, to resume later.
    if (result.manifest.reason === 'interrupted')
      throw new Error(`bisect interrupted during ${c.id.slice(0, 12)}; the same command resumes from ${ctx.dir}`);
    runs.push(result.dir);
    figures.push(...result.reps);
    done += reps;
    row = judged(ctx, figures);
    if (row && row.verdict !== 'inconclusive') break;
    if (done < ctx.maxReps) ctx.say(`[bisect] ${c.id.slice(0, 12)}: inconclusive after ${done} repetitions a side; more`);
    else
      ctx.say(
        `[bisect] ${c.id.slice(0, 12)}: still inconclusive after ${done} a side: skipped (a --threshold nearer the regression's size, or more --max-reps, would settle such steps)`,
      );
  }
  return recordOf(c, row, runs, figures.filter((f) => f.variant === `${CANDIDATE}.${ctx.variant}`).length);
}

/** Builds the candidate and measures it against the good build; a build that fails is a skip. */
export async function stepAgainstGood(ctx: StepContext, good: LocalBuild, c: Candidate, spec: BuildSpec): Promise<StepRecord> {
  let candidate: LocalBuild;
  try {
    candidate = await buildNamed(spec, CANDIDATE, ctx.say);
  } catch (e) {
    if (!(e instanceof BuildFailed)) throw e;
    ctx.say(`[bisect] ${c.id.slice(0, 12)} does not build (log: ${e.log}); skipped`);
    return { commit: c.id, subject: c.subject, outcome: 'skip', verdict: 'build failed', reps: 0, runs: [], note: `build log: ${e.log}` };
  }
  return measure(ctx, good, candidate, c);
}
