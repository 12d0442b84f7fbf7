// Before the first repetition: the workload resolved and compiled per variant, the run directory and its first
// run.json, the engine's file per variant.
import { InputError } from '../errors/input-error.js';
import type { Plan } from '../plan/plan.js';
import { stepWindows, type StepWindow } from '../plan/stages.js';
import { describeEngine, newManifest, type RunManifest } from '../results/manifest.js';
import { createRunDir, runId } from '../results/run-dir.js';
import { variantOf } from '../variants/variants.js';
import { buildPlan, DEFAULT_TUNING, resolveWorkload, type ResolvedWorkload } from '../workload/resolve.js';
import { Interrupts } from './interrupts.js';
import { engineFor } from './engines/engines.js';
import type { RunContext } from './run-context.js';
import type { RunOptions } from './run-options.js';
import { writeResults } from './write-results.js';

/** Everything before the first repetition; bad options are refused before the run directory is created. */
export async function prepareRun(o: RunOptions): Promise<RunContext> {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const workload = resolveWorkload(o.workload, o.sets);
  const tuning = { ...DEFAULT_TUNING, ...o.tuning };
  const plans = new Map<string, Plan>(o.variants.map((v) => [v, buildPlan(workload, v, tuning)]));
  const firstPlan = plans.get(o.variants[0] ?? '');
  if (!firstPlan) throw new InputError('--variant: expected at least one variant to run');
  o.target.check(o.variants.map((v) => variantOf(v)));
  const engine = engineFor(o);
  engine.check(workload.scenarios);
  const informerScenarios = new Set(
    workload.scenarios.filter((s) => s.kind === 'informers' || s.kind === 'reconnect-storm').map((s) => s.name),
  );

  const { dir, id } = await createRunDir(o.outRoot, runId(workload.name));
  const compiled = await engine.compile(dir, plans);
  const steps = stepsOf(firstPlan);
  const stepOf = steps.length ? (t: number) => steps.find((w) => t >= w.startMs && t < w.endMs)?.step : undefined;
  const manifest = runManifest(o, workload, id, firstPlan, steps);
  const warn = (w: string) => {
    manifest.warnings = [...(manifest.warnings ?? []), w];
    log(`warning: ${w}`);
  };
  const lastRep = o.auto ? o.auto.maxReps : o.reps;
  const ctx: RunContext = {
    o,
    log,
    warn,
    id,
    dir,
    workload,
    plans,
    engine,
    compiled,
    informerScenarios,
    stepOf,
    lastRep,
    manifest,
    samples: [],
    requests: [],
    figures: [],
    interrupts: new Interrupts(log),
    stopAfterThis: false,
  };
  await writeResults(ctx);
  announce(ctx);
  return ctx;
}

/** The run's first line; with an engine that has a caveat (k6), what its figures can and cannot say. */
function announce(ctx: RunContext): void {
  const { o, log, id, dir, workload, lastRep } = ctx;
  const planned = o.auto
    ? `repetitions until the gated ratios are known to ±${Math.round(o.auto.threshold * 100)}% (at most ${lastRep})`
    : `${o.reps} repetition(s)`;
  log(`run ${id}: ${workload.name} on ${o.target.name}, variants ${o.variants.join(', ')}, ${planned} → ${dir}`);
  const caveat = ctx.engine.caveat?.(describeEngine(ctx.manifest));
  if (caveat) {
    log(caveat.line);
    ctx.warn(caveat.warning);
  }
}

/** run.json as it starts: what will run, where, with what; no repetition yet. */
function runManifest(o: RunOptions, workload: ResolvedWorkload, id: string, plan: Plan, steps: StepWindow[]): RunManifest {
  const manifest = newManifest({
    runId: id,
    version: o.version,
    engine: o.engine.record,
    workload,
    variants: o.variants,
    reps: o.reps,
    targetKind: o.target.name,
    plan,
  });
  if (o.target.builds) manifest.builds = o.target.builds;
  if (o.prometheus) manifest.prometheus = prometheusRecord(o.prometheus);
  if (o.k6Outputs?.length) manifest.k6_outputs = o.k6Outputs.map((x) => x.shown);
  if (steps.length) manifest.steps = steps;
  if (o.flowSchema) manifest.flow_schema = o.flowSchema;
  return manifest;
}

function prometheusRecord(prometheus: NonNullable<RunOptions['prometheus']>): NonNullable<RunManifest['prometheus']> {
  const p = prometheus.source.o;
  return {
    url: p.endpoint.shown,
    version: prometheus.version,
    apiserver_selector: p.apiserverSelector,
    etcd_selector: p.etcdSelector,
    step_ms: p.stepMs,
    note: 'where no local apiserver process is measured through /proc, apiserver_rss_*, apiserver_heap_peak_bytes and apiserver/etcd CPU are sums over the replicas Prometheus saw and apiserver_rss_peak_max_replica_bytes is the largest replica; samples.csv keeps each replica (source prometheus, job and instance labels, an apiserver numbered apiserver="i" as a local target\'s replicas are)',
  };
}

/** Step windows of the first informer scenario with an arrival profile, in the run's time (from load start). */
function stepsOf(plan: Plan): StepWindow[] {
  const sc = plan.scenarios.find((s) => s.kind === 'informers' && s.stages?.length);
  if (!sc || sc.kind !== 'informers' || !sc.stages?.length) return [];
  // Informers stay for the hold after the last of them arrived (and synced): the final window runs that long.
  const profileEndMs = sc.stages.reduce((a, st) => a + st.durationMs, 0);
  return stepWindows(sc.stages, profileEndMs + sc.holdMs).map((w) => ({
    ...w,
    startMs: w.startMs + sc.startAfterMs,
    endMs: w.endMs + sc.startAfterMs,
  }));
}
