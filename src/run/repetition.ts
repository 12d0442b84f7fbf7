// One repetition of one variant, stage by stage: start the target, seed it, sample, run the engine, collect; then,
// whatever happened, stop the target and write the result files. Each stage returns what later stages need.
import type { RepRecord } from '../results/manifest.js';
import { timeline } from '../targets/apiserver-events.js';
import type { RunningTarget } from '../targets/target.js';
import { collectRepetition } from './collect-repetition.js';
import { crashReason } from './crash-watch.js';
import { setUpFlowControl, tearDownFlowControl } from './flow-control.js';
import type { Repetition, RunContext, Sampling } from './run-context.js';
import { runEngine } from './run-engine.js';
import { startSampling } from './start-sampling.js';
import { checkTargetGates, seedTarget, startTarget } from './start-target.js';
import { writeResults } from './write-results.js';

/** A replicated target's timeline and connections per replica, kept before it stops. */
async function recordReplicas(r: Repetition, target: RunningTarget | undefined, sampling: Sampling | undefined): Promise<void> {
  if (!target?.events) return;
  r.record.apiserver_events = timeline(target.events, sampling?.zero ?? Date.now());
  r.record.balancer_connections = await target.balancerConnections?.().catch(() => undefined);
}

export async function runRepetition(ctx: RunContext, variant: string, rep: number): Promise<void> {
  const record: RepRecord = { variant, rep, status: 'incomplete', started: new Date().toISOString(), seededObjects: 0 };
  ctx.manifest.repetitions.push(record);
  const r: Repetition = { variant, rep, label: `${variant} ${rep}/${ctx.lastRep}`, record };
  let target: RunningTarget | undefined;
  let sampling: Sampling | undefined;
  try {
    target = await startTarget(ctx, r);
    const started = target;
    try {
      await checkTargetGates(ctx, r, target);
      await seedTarget(ctx, r, target);
      await setUpFlowControl(ctx, r, target);
      sampling = await startSampling(ctx, r, target);
      const load = await runEngine(ctx, r, target, sampling);
      await collectRepetition(ctx, r, sampling, load);
    } catch (e) {
      // A target process that died is the reason, whatever timed out after it (a /metrics that etcd's death hung).
      const died = await crashReason(started);
      if (died === undefined) throw e;
      record.status = 'target-crashed';
      record.reason = died;
      ctx.log(`[${r.label}] target crashed: ${died} (then: ${(e as Error).message})`);
    }
  } catch (e) {
    record.status = 'incomplete';
    record.reason = (e as Error).message;
    if (!ctx.interrupts.aborted) throw e;
  } finally {
    sampling?.sampler.stop();
    await sampling?.bystander?.stop();
    await recordReplicas(r, target, sampling);
    await tearDownFlowControl(ctx, r, target);
    record.ended = new Date().toISOString();
    await target?.stop().catch(() => {});
    await writeResults(ctx);
  }
}
