// One benchmark run: for each repetition and variant (interleaved), a fresh target is started, seeded,
// sampled while the engine (ksb-runner, or a user's k6) runs the compiled workload, and stopped. Result files are rewritten atomically after
// every repetition, so an interrupted run or a crashed target still leaves a valid directory.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compileK6Script, releaseCompiler } from '../compile/compile.js';
import { HeapProfiler } from '../collect/heap-profiler.js';
import { Sampler } from '../collect/sampler.js';
import type { PrometheusSource } from '../collect/prometheus-source.js';
import { replicaWarning } from '../collect/replicas.js';
import type { Plan, Scenario } from '../plan/plan.js';
import { InputError } from '../errors/input-error.js';
import { writeFileAtomic, toCsv } from '../files/atomic-write.js';
import { readK6Json, type EngineSamples } from '../results/k6-json.js';
import { readRunnerJson, type RunnerOutput } from '../results/runner-json.js';
import { createRunDir, runId } from '../results/run-dir.js';
import { REQUEST_COLUMNS, SAMPLE_COLUMNS, SUMMARY_COLUMNS, type RequestRow, type SampleRow } from '../results/rows.js';
import { repFigures, stepSummaryRows, summaryRows, type RepFigures } from '../results/summary.js';
import { informersPlanned, withTargetEnd } from '../results/target-end.js';
import { stepWindows, type StepWindow } from '../plan/stages.js';
import { seedProgress } from '../seed/progress-bar.js';
import { seed } from '../seed/seed.js';
import type { RunningTarget, TargetProvider } from '../targets/target.js';
import { verifyServerGates } from '../targets/effective-gates.js';
import type { WorkloadDefinition } from '../workload/define.js';
import { buildPlan, DEFAULT_TUNING, resolveWorkload, type PlanTuning } from '../workload/resolve.js';
import { abPairs, variantOf } from '../workload/variants.js';
import { formatContentMatrix } from './content-matrix.js';
import { autoRepsDecision, describeWidest, type AutoReps } from './auto-reps.js';
import { engineTargetEnv, k6Command, runnerCommand, startEngine, type EngineRun } from './engine-process.js';
import { k6OutputArgs, type K6Output } from './k6-outputs.js';
import { describeEngine, gitVersion, newManifest, type EngineRecord, type RepRecord, type RunManifest } from '../results/manifest.js';

import { formatOutcome, formatRatios, formatVariantSummary } from './print-summary.js';
import { clientBottleneckWarnings, describeClientLines } from '../results/client-cost.js';

const MOCK_PROFILE_NOTE =
  'the mock is a Node process, not a Go apiserver: no heap profile; samples.csv has its heap, external and ArrayBuffer bytes and GC counts';

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
  log?: (line: string) => void;
}

export interface EngineChoice {
  record: EngineRecord;
  path: string;
  /** ksb-runner's memory budget in bytes (its default: half the host's memory) */
  memoryBudget?: number;
}

/** The exit code with which ksb-runner says it refused or stopped the load at its memory budget. */
const RUNNER_BUDGET_EXIT = 3;

/** What bench:fidelity measured of k6's JS client against client-go (README: Benchmarks), said on every k6 run. */
const K6_FIDELITY_CAVEAT =
  "stock k6 runs k6's JS client (k6/http LIST, WebSocket WatchList), which decodes nothing: on kube-apiserver 1.33 (16 informers × 400 × 256 KiB Secrets) legacy growth agreed with client-go informers, but with streaming the apiserver grew 7.7 ± 4.4× as much as under real client-go informers (bench:fidelity); use the default engine for figures about controllers";

export interface RunResult {
  dir: string;
  manifest: RunManifest;
  reps: RepFigures[];
  summaryText: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runBenchmark(o: RunOptions): Promise<RunResult> {
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
  const samples: SampleRow[] = [];
  const requests: RequestRow[] = [];
  const figures: RepFigures[] = [];

  if (o.prometheus) {
    const p = o.prometheus.source.o;
    manifest.prometheus = {
      url: p.endpoint.shown,
      version: o.prometheus.version,
      apiserver_selector: p.apiserverSelector,
      etcd_selector: p.etcdSelector,
      step_ms: p.stepMs,
      note: 'where no local apiserver process is measured through /proc, apiserver_rss_*, apiserver_heap_peak_bytes and apiserver/etcd CPU are sums over the replicas Prometheus saw and apiserver_rss_peak_max_replica_bytes is the largest replica; samples.csv keeps each replica (source prometheus, job and instance labels)',
    };
  }
  if (o.k6Outputs?.length) manifest.k6_outputs = o.k6Outputs.map((x) => x.shown);
  const k6Outputs = k6OutputArgs(o.k6Outputs ?? [], id);
  const warn = (w: string) => {
    manifest.warnings = [...(manifest.warnings ?? []), w];
    log(`warning: ${w}`);
  };
  const steps = stepsOf(plans.get(o.variants[0]!)!);
  if (steps.length) manifest.steps = steps;
  const stepOf = steps.length ? (t: number) => steps.find((w) => t >= w.startMs && t < w.endMs)?.step : undefined;
  const writeAll = async () => {
    const summary = o.variants.flatMap((v) => [
      ...summaryRows(id, v, figures, requests, informerScenarios),
      ...stepSummaryRows(id, v, samples),
    ]);
    await writeFileAtomic(join(dir, 'samples.csv'), toCsv(samples, SAMPLE_COLUMNS));
    await writeFileAtomic(join(dir, 'requests.csv'), toCsv(requests, REQUEST_COLUMNS));
    await writeFileAtomic(join(dir, 'summary.csv'), toCsv(summary, SUMMARY_COLUMNS));
    await writeFileAtomic(join(dir, 'run.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  };
  await writeAll();
  const lastRep = o.auto ? o.auto.maxReps : o.reps;
  const planned = o.auto
    ? `repetitions until the gated ratios are known to ±${Math.round(o.auto.threshold * 100)}% (at most ${lastRep})`
    : `${o.reps} repetition(s)`;
  log(`run ${id}: ${workload.name} on ${o.target.name}, variants ${o.variants.join(', ')}, ${planned} → ${dir}`);
  if (isK6) {
    log(`engine: ${describeEngine(manifest)} (yours, --engine k6). ${K6_FIDELITY_CAVEAT}`);
    warn(`engine k6: ${K6_FIDELITY_CAVEAT}`);
  }

  let aborted = false;
  let stopAfterThis = false;
  let current: { k6?: EngineRun } = {};
  const onSigint = () => {
    if (aborted) process.exit(130);
    aborted = true;
    log('interrupted: stopping the engine and the target, keeping what was measured (Ctrl-C again to quit at once)');
    current.k6?.interrupt();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);

  try {
    outer: for (let rep = 1; rep <= lastRep; rep++) {
      for (const variant of o.variants) {
        if (aborted || stopAfterThis) break outer;
        const record: RepRecord = { variant, rep, status: 'incomplete', started: new Date().toISOString(), seededObjects: 0 };
        manifest.repetitions.push(record);
        let target: RunningTarget | undefined;
        let sampler: Sampler | undefined;
        try {
          log(`\n[${variant} ${rep}/${lastRep}] starting ${o.target.name} target`);
          target = await o.target.start(variantOf(variant));
          record.target = target.info;
          if (target.info.emulated_version) manifest.target.emulated_version = target.info.emulated_version;
          const gates = await verifyServerGates(target, variantOf(variant));
          record.effective_gates = gates.found;
          if (gates.contradicted.length) {
            record.gate_contradictions = gates.contradicted;
            log(`[${variant} ${rep}/${lastRep}] the cluster contradicts variant ${variant}: ${gates.contradicted.join('; ')}`);
          }
          record.seededObjects = await seed(target, workload.seed, seedProgress(`[${variant} ${rep}/${lastRep}] seeding`, log));
          if (aborted) throw new Error('interrupted');
          sampler = new Sampler(target, { run_id: id, variant, rep }, stepOf);
          const profiler = target.info.kind === 'mock' ? undefined : new HeapProfiler(target, dir, `${variant}-rep${rep}`);
          if (profiler) sampler.onApiserverRss = (bytes) => profiler.observeRss(bytes);
          if (o.prometheus) {
            // A local apiserver is new on every repetition: wait for the Prometheus to discover and scrape it.
            const pf = await o.prometheus.source.preflight(target.info.kind === 'local' ? new URL(target.url).host : undefined);
            log(
              `[${variant} ${rep}/${lastRep}] Prometheus ${o.prometheus.source.o.endpoint.shown}: ${pf.apiserverInstances} apiserver instance(s)`,
            );
            for (const n of pf.notes) log(`[${variant} ${rep}/${lastRep}] ${n}`);
          }
          const plannedZero = Date.now() + 1000; // a second of baseline before the load
          sampler.setZero(plannedZero);
          await sampler.checkMetrics();
          sampler.start();
          await sleep(plannedZero - Date.now());
          const zero = Date.now();
          sampler.setZero(zero);
          const engineOut = join(dir, isK6 ? 'k6' : 'runner', `${variant}-rep${rep}.${isK6 ? 'json' : 'jsonl'}`);
          const env = engineTargetEnv(target);
          const k6 = startEngine(
            isK6
              ? k6Command(o.engine.path, compiled.get(variant)!, engineOut, env, k6Outputs)
              : runnerCommand(o.engine.path, compiled.get(variant)!, engineOut, env, o.engine.memoryBudget),
            { label: `${variant} ${rep}/${lastRep}`, log, terminal: isK6 && !o.log && process.stderr.isTTY },
          );
          current = { k6 };
          sampler.setClient(k6.child.pid);
          const restarts = scheduleRestarts(plans.get(variant)!, target, zero, log, () => seed(target!, workload.seed));
          const outcome = await Promise.race([k6.done.then((code) => ({ code })), target.crashed.then((why) => ({ crashed: why }))]);
          restarts.forEach(clearTimeout);
          if ('crashed' in outcome) {
            record.status = 'target-crashed';
            record.reason = outcome.crashed;
            log(`[${variant} ${rep}/${lastRep}] target crashed: ${outcome.crashed}; keeping the samples up to now`);
            k6.interrupt();
          }
          record.engineExitCode = await k6.done;
          const k6Failed = record.status !== 'target-crashed' && !aborted && record.engineExitCode !== 0;
          if (k6Failed) {
            const engineName = isK6 ? 'k6' : 'ksb-runner';
            record.reason =
              !isK6 && record.engineExitCode === RUNNER_BUDGET_EXIT
                ? `load generator limit reached: ${k6.lastLines().find((l) => l.includes('load generator limit')) ?? 'ksb-runner stopped at its memory budget'}`
                : `${engineName} ended with ${k6.howEnded()}`;
            record.engineLastLines = k6.lastLines();
            log(`[${variant} ${rep}/${lastRep}] ${record.reason}${o.keepGoing === false ? '; stopping (--no-keep-going)' : ''}`);
            if (o.keepGoing === false) stopAfterThis = true;
          }
          if (record.status !== 'target-crashed') await sampler.final();
          record.profiles = profiler ? await profiler.after() : { note: MOCK_PROFILE_NOTE };
          sampler.setClient(undefined);
          const sampled = sampler.stop();
          if (sampled.error) log(`[${variant} ${rep}/${lastRep}] sampler: ${sampled.error}`);
          const promRows =
            o.prometheus && !aborted
              ? await prometheusRows(o.prometheus.source, record, { run_id: id, variant, rep }, plannedZero - 1000, zero, log)
              : [];
          // Without Prometheus, a /metrics that answered from several processes (and no restart of ours) mixed replicas.
          const mixed = o.prometheus || restarts.length ? undefined : replicaWarning(sampled.startTimes, `${variant} rep ${rep}`);
          if (mixed) {
            record.warnings = [...(record.warnings ?? []), mixed];
            warn(mixed);
          }
          const k6Data: EngineSamples = isK6
            ? await readK6Json(engineOut, zero).catch(() => ({ requests: [], vus: [] }))
            : await readRunnerJson(engineOut, zero).catch(() => ({ requests: [], vus: [], unreadable: 0 }));
          if (!isK6) for (const w of runnerReport(record, k6Data as RunnerOutput)) warn(`${variant} rep ${rep}: ${w}`);
          const vuRows: SampleRow[] = k6Data.vus.map((vu) => ({
            run_id: id,
            variant,
            rep,
            t_ms: vu.t_ms,
            source: 'k6',
            metric: 'k6_vus',
            value: vu.value,
            labels: '',
          }));
          const repSamples = [...sampled.rows, ...promRows, ...vuRows];
          const repRequests = k6Data.requests.map((r) => ({ run_id: id, variant, rep, ...r }));
          samples.push(...repSamples);
          requests.push(...repRequests);
          figures.push(
            withTargetEnd(
              repFigures(variant, rep, repSamples, repRequests, informerScenarios),
              record,
              informersPlanned(workload.scenarios),
            ),
          );
          if (record.status !== 'target-crashed') {
            record.status = aborted || k6Failed ? 'incomplete' : 'complete';
            if (aborted) record.reason = 'interrupted';
          }
        } catch (e) {
          record.status = 'incomplete';
          record.reason = (e as Error).message;
          if (!aborted) throw e;
        } finally {
          sampler?.stop();
          record.ended = new Date().toISOString();
          await target?.stop().catch(() => {});
          await writeAll();
        }
      }
      if (o.auto && !aborted && !stopAfterThis) {
        const d = autoRepsDecision(figures, o.variants[0]!, o.variants[1]!, o.auto.threshold);
        const within = `every gated ratio's 95% interval within ±${Math.round(o.auto.threshold * 100)}%`;
        if (d.settled || rep === lastRep) {
          manifest.reps_auto = {
            max_reps: o.auto.maxReps,
            threshold: o.auto.threshold,
            stopped_after: rep,
            why: d.settled ? `${within} (${describeWidest(d)})` : `reached --max-reps ${lastRep} before ${within} (${describeWidest(d)})`,
          };
          log(`--reps auto: ${manifest.reps_auto.why}; ${rep} repetition(s)`);
          break;
        }
        log(`--reps auto: after ${rep}, ${describeWidest(d)}; another pair`);
      }
    }
  } catch (e) {
    manifest.status = 'incomplete';
    manifest.reason = (e as Error).message;
    manifest.ended = new Date().toISOString();
    await writeAll();
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    // After an interrupt, a second Ctrl-C during what is left (the summary, the caller's teardown) quits at once.
    if (aborted) quitOnNextSignal();
  }

  const crashed = manifest.repetitions.filter((r) => r.status === 'target-crashed');
  const failed = manifest.repetitions.filter((r) => r.status === 'incomplete');
  const whyOf = (rs: RepRecord[]) => rs.map((r) => `${r.variant} rep ${r.rep}: ${r.reason}`).join('; ');
  manifest.status = aborted || failed.length ? 'incomplete' : crashed.length ? 'target-crashed' : 'complete';
  manifest.reason = aborted
    ? 'interrupted'
    : failed.length
      ? `${whyOf(failed)}${stopAfterThis ? '; stopped there (--no-keep-going)' : ''}`
      : crashed.length
        ? whyOf(crashed)
        : undefined;
  manifest.ended = new Date().toISOString();
  await writeAll();

  const text = [
    ...serverLine(manifest),
    `engine: ${describeEngine(manifest)}`,
    `clients: ${describeClientLines(manifest.clients).join('; ')}`,
    ...o.variants.map((v) => formatVariantSummary(v, figures)),
    ...abPairs(o.variants).flatMap(([a, b]) => ['', ...formatRatios(a, b, figures)]),
    ...(abPairs(o.variants).length ? [] : formatOutcome(o.variants, figures)),
    ...(o.variants.some((v) => v.includes('@')) ? ['', ...formatContentMatrix(o.variants, figures)] : []),
    ...clientBottleneckWarnings(figures),
    ...contradictionLines(manifest),
    ...(manifest.warnings ?? []).map((w) => `warning: ${w}`),
  ].join('\n');
  await writeFileAtomic(join(dir, 'summary.txt'), `${text}\n`);
  return { dir, manifest, reps: figures, summaryText: text };
}

/** ksb-runner runs client-go only; k6's JS client needs the user's k6. Said before any target starts. */
function refuseJsClient(scenarios: Scenario[]): void {
  const js = scenarios.find((s) => (s.kind === 'list-storm' ? s.client === 'js' : s.kind !== 'churn' && s.client.kind === 'js'));
  if (js)
    throw new InputError(
      `--set client=js (scenario ${js.name}) is k6's JavaScript client: run it with --engine k6 and your own k6, or use client=client-go with the default engine`,
    );
}

let quitting = false;
function quitOnNextSignal(): void {
  if (quitting) return;
  quitting = true;
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(130));
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

/** Keeps ksb-runner's own account in the repetition's record; returns what the user must be told. */
function runnerReport(record: RepRecord, out: RunnerOutput): string[] {
  const warnings: string[] = [];
  if (out.end) {
    record.engine_report = {
      churn: out.end.churn ?? undefined,
      peak_rss_bytes: out.end.peak_rss_bytes,
      reason: out.end.reason || undefined,
    };
    for (const c of out.end.churn ?? [])
      if (c.achieved_per_second < 0.95 * c.target_per_second)
        warnings.push(
          `churn ${c.scenario} fell short: ${c.achieved_per_second.toFixed(1)}/s achieved of ${c.target_per_second}/s asked (${c.skipped} arrivals skipped)`,
        );
  } else if (record.status !== 'target-crashed') warnings.push('ksb-runner wrote no end line (killed?): its observations may stop short');
  return warnings;
}

/**
 * A repetition's series from Prometheus. Waits one query step after the load first, so the scrape that covers
 * its end is in; what fails or returns nothing is noted in the repetition's record, not fatal to the run.
 */
async function prometheusRows(
  source: PrometheusSource,
  record: RepRecord,
  base: { run_id: string; variant: string; rep: number },
  startMs: number,
  zeroMs: number,
  log: (l: string) => void,
): Promise<SampleRow[]> {
  const stepMs = source.o.stepMs;
  await sleep(stepMs + 500);
  try {
    const got = await source.collect({ startMs: startMs - 2 * stepMs, endMs: Date.now(), zeroMs }, base);
    record.prometheus = { apiserver_instances: got.apiserverInstances, missing: got.missing };
    for (const m of got.missing) log(`[${base.variant} ${base.rep}] Prometheus: no series for ${m} in this repetition's window`);
    return got.rows;
  } catch (e) {
    record.prometheus = { apiserver_instances: [], missing: [], error: (e as Error).message };
    log(`[${base.variant} ${base.rep}] Prometheus: ${(e as Error).message}`);
    return [];
  }
}

/** For reconnect storms triggered by a target restart: restart the apiserver at each drop time. */
function scheduleRestarts(
  plan: Plan,
  target: RunningTarget,
  zero: number,
  log: (l: string) => void,
  reseed: () => Promise<unknown>,
): NodeJS.Timeout[] {
  const timers: NodeJS.Timeout[] = [];
  for (const sc of plan.scenarios) {
    if (sc.kind !== 'reconnect-storm' || sc.trigger !== 'target-restart') continue;
    for (let i = 1; i <= sc.drops; i++) {
      const at = zero + sc.startAfterMs + i * sc.dropAfterMs;
      timers.push(
        setTimeout(() => {
          log(`restarting the target (reconnect storm, drop ${i}/${sc.drops})`);
          // Seeding is idempotent: a target that kept its data (etcd) skips it, the mock gets its objects back.
          void target
            .restart()
            .then(reseed)
            .catch((e: Error) => log(`target restart failed: ${e.message}`));
        }, at - Date.now()),
      );
    }
  }
  return timers;
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

/** A kubeconfig cluster that runs a variant's gates otherwise: its figures are not that variant as defined. */
function contradictionLines(manifest: RunManifest): string[] {
  const byVariant = new Map<string, string[]>();
  for (const r of manifest.repetitions) if (r.gate_contradictions?.length) byVariant.set(r.variant, r.gate_contradictions);
  return [...byVariant].map(
    ([variant, gates]) =>
      `not ${variant} as defined: the cluster runs ${gates.join('; ')}; these figures are of ${variant}'s client against that server`,
  );
}

/** Which server the figures came from, when it ran as another release (emulation). */
function serverLine(manifest: RunManifest): string[] {
  const emulated = manifest.target.emulated_version;
  const rep = manifest.repetitions.find((r) => r.target);
  if (!emulated || !rep) return [];
  return [`server: kube-apiserver ${gitVersion(rep) ?? '?'} emulating ${emulated} (gates not set run at their ${emulated} defaults)`];
}
