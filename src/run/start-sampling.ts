// The sampling stage of a repetition: the sampler (and on Go targets the heap profiler) started a second before the
// load, so every figure has a baseline.
import { Bystander } from '../collect/bystander.js';
import { HeapProfiler } from '../collect/heap-profiler.js';
import { Sampler } from '../collect/sampler.js';
import type { RunningTarget } from '../targets/target.js';
import type { Repetition, RunContext, Sampling } from './run-context.js';

const BASELINE_MS = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts sampling and returns, running, when the load may begin (its `zero`); it samples nothing until then if it throws. */
export async function startSampling(ctx: RunContext, r: Repetition, target: RunningTarget): Promise<Sampling> {
  const { o, log } = ctx;
  const sampler = new Sampler(target, { run_id: ctx.id, variant: r.variant, rep: r.rep }, ctx.stepOf);
  const profiler = target.info.kind === 'mock' ? undefined : new HeapProfiler(target, ctx.dir, `${r.variant}-rep${r.rep}`);
  if (profiler) sampler.onApiserverRss = (bytes) => profiler.observeRss(bytes);
  if (o.prometheus) {
    // A local apiserver is new on every repetition: wait for the Prometheus to discover and scrape it.
    const pf = await o.prometheus.source.preflight(target.info.kind === 'local' ? new URL(target.url).host : undefined);
    log(`[${r.label}] Prometheus ${o.prometheus.source.o.endpoint.shown}: ${pf.apiserverInstances} apiserver instance(s)`);
    for (const n of pf.notes) log(`[${r.label}] ${n}`);
  }
  const plannedZero = Date.now() + BASELINE_MS;
  sampler.setZero(plannedZero);
  await sampler.checkMetrics();
  sampler.start();
  const bystander = o.bystander ? new Bystander(target) : undefined;
  await bystander?.start();
  await sleep(plannedZero - Date.now());
  const zero = Date.now();
  sampler.setZero(zero);
  return { sampler, profiler, plannedZero, zero, bystander };
}
