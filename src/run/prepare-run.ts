// Before the first repetition: the workload resolved and compiled per variant, the run directory and its first
// run.json, the engine's file per variant.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compileK6Script, releaseCompiler } from '../compile/compile.js';
import { InputError } from '../errors/input-error.js';
import type { Plan, Scenario } from '../plan/plan.js';
import { stepWindows, type StepWindow } from '../plan/stages.js';
import { describeEngine, newManifest, type RunManifest } from '../results/manifest.js';
import { createRunDir, runId } from '../results/run-dir.js';
import { variantOf } from '../variants/variants.js';
import { buildPlan, DEFAULT_TUNING, resolveWorkload, type ResolvedWorkload } from '../workload/resolve.js';
import { Interrupts } from './interrupts.js';
import { k6OutputArgs } from './k6-outputs.js';
import type { RunContext } from './run-context.js';
import type { RunOptions } from './run-options.js';
import { writeResults } from './write-results.js';

/** What bench:fidelity measured of k6's JS client against client-go (README: Benchmarks), said on every k6 run. */
const K6_FIDELITY_CAVEAT =
  "stock k6 runs k6's JS client (k6/http LIST, WebSocket WatchList), which decodes nothing: on kube-apiserver 1.33 (16 informers × 400 × 256 KiB Secrets) legacy growth agreed with client-go informers, but with streaming the apiserver grew 7.7 ± 4.4× as much as under real client-go informers (bench:fidelity); use the default engine for figures about controllers";

/** Everything before the first repetition; bad options are refused before the run directory is created. */
export async function prepareRun(o: RunOptions): Promise<RunContext> {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const workload = resolveWorkload(o.workload, o.sets);
  const tuning = { ...DEFAULT_TUNING, ...o.tuning };
  const plans = new Map<string, Plan>(o.variants.map((v) => [v, buildPlan(workload, v, tuning)]));
  o.target.check(o.variants.map((v) => variantOf(v)));
  if (o.engine.record.name === 'ksb-runner') refuseJsClient(workload.scenarios);
  const informerScenarios = new Set(
    workload.scenarios.filter((s) => s.kind === 'informers' || s.kind === 'reconnect-storm').map((s) => s.name),
  );

  const { dir, id } = await createRunDir(o.outRoot, runId(workload.name));
  const isK6 = o.engine.record.name === 'k6';
  const compiled = await writeCompiled(dir, plans, isK6, o.version);
  const steps = stepsOf(plans.get(o.variants[0]!)!);
  const stepOf = steps.length ? (t: number) => steps.find((w) => t >= w.startMs && t < w.endMs)?.step : undefined;
  const manifest = runManifest(o, workload, id, plans, steps);
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
    compiled,
    isK6,
    informerScenarios,
    stepOf,
    lastRep,
    manifest,
    k6Outputs: k6OutputArgs(o.k6Outputs ?? [], id),
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

/** The run's first line; with k6, what its figures can and cannot say. */
function announce(ctx: RunContext): void {
  const { o, log, id, dir, workload, lastRep } = ctx;
  const planned = o.auto
    ? `repetitions until the gated ratios are known to ±${Math.round(o.auto.threshold * 100)}% (at most ${lastRep})`
    : `${o.reps} repetition(s)`;
  log(`run ${id}: ${workload.name} on ${o.target.name}, variants ${o.variants.join(', ')}, ${planned} → ${dir}`);
  if (ctx.isK6) {
    log(`engine: ${describeEngine(ctx.manifest)} (yours, --engine k6). ${K6_FIDELITY_CAVEAT}`);
    ctx.warn(`engine k6: ${K6_FIDELITY_CAVEAT}`);
  }
}

/** run.json as it starts: what will run, where, with what; no repetition yet. */
function runManifest(o: RunOptions, workload: ResolvedWorkload, id: string, plans: Map<string, Plan>, steps: StepWindow[]): RunManifest {
  const manifest = newManifest({
    runId: id,
    version: o.version,
    engine: o.engine.record,
    workload,
    variants: o.variants,
    reps: o.reps,
    targetKind: o.target.name,
    plan: plans.get(o.variants[0]!)!,
  });
  if (o.prometheus) manifest.prometheus = prometheusRecord(o.prometheus);
  if (o.k6Outputs?.length) manifest.k6_outputs = o.k6Outputs.map((x) => x.shown);
  if (steps.length) manifest.steps = steps;
  if (o.flowSchema) manifest.flow_schema = o.flowSchema;
  return manifest;
}

/** ksb-runner runs client-go only; k6's JS client needs the user's k6. Said before any target starts. */
function refuseJsClient(scenarios: Scenario[]): void {
  const js = scenarios.find((s) => (s.kind === 'list-storm' ? s.client === 'js' : s.kind !== 'churn' && s.client.kind === 'js'));
  if (js)
    throw new InputError(
      `--set client=js (scenario ${js.name}) is k6's JavaScript client: run it with --engine k6 and your own k6, or use client=client-go with the default engine`,
    );
}

function prometheusRecord(prometheus: NonNullable<RunOptions['prometheus']>): NonNullable<RunManifest['prometheus']> {
  const p = prometheus.source.o;
  return {
    url: p.endpoint.shown,
    version: prometheus.version,
    apiserver_selector: p.apiserverSelector,
    etcd_selector: p.etcdSelector,
    step_ms: p.stepMs,
    note: 'where no local apiserver process is measured through /proc, apiserver_rss_*, apiserver_heap_peak_bytes and apiserver/etcd CPU are sums over the replicas Prometheus saw and apiserver_rss_peak_max_replica_bytes is the largest replica; samples.csv keeps each replica (source prometheus, job and instance labels)',
  };
}

/** Writes what the engine runs: ksb-runner's plan (JSON) or a k6 script, one per variant; returns their paths. */
async function writeCompiled(dir: string, plans: Map<string, Plan>, isK6: boolean, version: string): Promise<Map<string, string>> {
  const sub = join(dir, isK6 ? 'k6' : 'runner');
  await mkdir(sub, { recursive: true });
  const out = new Map<string, string>();
  for (const [v, plan] of plans) {
    const path = join(sub, isK6 ? `${v}.js` : `${v}.plan.json`);
    await writeFile(path, isK6 ? await compileK6Script(plan, `kube-stream-bench ${version}`) : `${JSON.stringify(plan, null, 2)}\n`);
    out.set(v, path);
  }
  if (isK6) await releaseCompiler();
  return out;
}

/** Step windows of the first informer scenario with an arrival profile, in the run's time (from load start). */
function stepsOf(plan: Plan): StepWindow[] {
  const sc = plan.scenarios.find((s) => s.kind === 'informers' && s.stages?.length);
  if (!sc || sc.kind !== 'informers') return [];
  // Informers stay for the hold after the last of them arrived (and synced): the final window runs that long.
  const profileEndMs = sc.stages!.reduce((a, st) => a + st.durationMs, 0);
  return stepWindows(sc.stages, profileEndMs + sc.holdMs).map((w) => ({
    ...w,
    startMs: w.startMs + sc.startAfterMs,
    endMs: w.endMs + sc.startAfterMs,
  }));
}
