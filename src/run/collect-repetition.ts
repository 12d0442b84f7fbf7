// The collect stage of a repetition: the last samples, the heap profiles, Prometheus's series and the engine's
// observations, turned into the repetition's rows and figures.
import { replicaWarning } from '../collect/replicas.js';
import type { SampleRow } from '../results/rows.js';
import { repFigures } from '../results/summary.js';
import { informersPlanned, syncsPlanned, withTargetEnd } from '../results/target-end.js';
import { replicaMemory } from './ha-summary.js';
import { prometheusRows } from './prometheus-rows.js';
import type { Load, Repetition, RunContext, Sampling } from './run-context.js';

const MOCK_PROFILE_NOTE =
  'the mock is a Node process, not a Go apiserver: no heap profile; samples.csv has its heap, external and ArrayBuffer bytes and GC counts';

export async function collectRepetition(ctx: RunContext, r: Repetition, sampling: Sampling, load: Load): Promise<void> {
  const { o, log, id } = ctx;
  const { record, variant, rep } = r;
  const { sampler, profiler } = sampling;
  if (record.status !== 'target-crashed') await sampler.final();
  record.profiles = profiler ? await profiler.after() : { note: MOCK_PROFILE_NOTE };
  sampler.setClient(undefined);
  const sampled = sampler.stop();
  if (sampled.error) log(`[${r.label}] sampler: ${sampled.error}`);
  const promRows =
    o.prometheus && !ctx.interrupts.aborted
      ? await prometheusRows(o.prometheus.source, record, { run_id: id, variant, rep }, sampling.plannedZero - 1000, sampling.zero, log)
      : [];
  // Without Prometheus, a /metrics that answered from several processes (and no restart of ours) mixed replicas.
  const mixed = o.prometheus || load.restarts ? undefined : replicaWarning(sampled.startTimes, `${variant} rep ${rep}`);
  if (mixed) {
    record.warnings = [...(record.warnings ?? []), mixed];
    ctx.warn(mixed);
  }
  const engine = await engineRows(ctx, r, load.out, sampling.zero);
  const bystanderRows = sampling.bystander ? await bystanderOutcome(ctx, r, sampling) : [];
  const repSamples = [...sampled.rows, ...promRows, ...engine.vuRows, ...bystanderRows];
  const perReplica = replicaMemory([...sampled.rows, ...promRows]);
  if (perReplica.length) record.apiserver_memory = perReplica;
  ctx.samples.push(...repSamples);
  ctx.requests.push(...engine.requests);
  const figures = repFigures(variant, rep, repSamples, engine.requests, ctx.informerScenarios, record.apf);
  // The repetition's end is settled before its figures are: one whose engine died is cut off, not a result.
  if (record.status !== 'target-crashed') {
    const aborted = ctx.interrupts.aborted;
    record.status = aborted || load.engineFailed ? 'incomplete' : 'complete';
    if (aborted) record.reason = 'interrupted';
  }
  ctx.figures.push(withTargetEnd(figures, record, informersPlanned(ctx.workload.scenarios)));
  // A sync that never came (an informer that did not re-sync after a drop before the load ended) is no error.
  const planned = syncsPlanned(ctx.workload.scenarios);
  if (record.status !== 'target-crashed' && !ctx.interrupts.aborted && figures.syncs < planned)
    ctx.warn(`${r.label}: ${figures.syncs} of the ${planned} informer syncs planned happened before the load ended`);
}

/** The bystander stopped: its figures into the record, its requests as rows. */
async function bystanderOutcome(ctx: RunContext, r: Repetition, sampling: Sampling): Promise<SampleRow[]> {
  const b = sampling.bystander!;
  await b.stop();
  r.record.bystander = b.figures(sampling.zero);
  return b.rows({ run_id: ctx.id, variant: r.variant, rep: r.rep }, sampling.zero);
}

/** The engine's output file as rows: its requests, and its active virtual users over time. */
async function engineRows(ctx: RunContext, r: Repetition, out: string, zero: number) {
  const { id } = ctx;
  const { variant, rep } = r;
  const { samples: data, warnings } = await ctx.engine.read(out, zero, r.record);
  for (const w of warnings) ctx.warn(`${variant} rep ${rep}: ${w}`);
  const vuRows: SampleRow[] = data.vus.map((vu) => ({
    run_id: id,
    variant,
    rep,
    t_ms: vu.t_ms,
    source: 'engine',
    metric: 'client_vus',
    value: vu.value,
    labels: '',
  }));
  const requests = data.requests.map((q) => ({ run_id: id, variant, rep, ...q }));
  return { vuRows, requests };
}
