// One repetition of one variant, stage by stage: start the target, seed it, sample, run the engine, collect; then,
// whatever happened, stop the target and write the result files.
import type { RepRecord } from '../results/manifest.js';
import { collectRepetition } from './collect-repetition.js';
import { setUpFlowControl, tearDownFlowControl } from './flow-control.js';
import type { Repetition, RunContext } from './run-context.js';
import { runEngine } from './run-engine.js';
import { startSampling } from './start-sampling.js';
import { seedTarget, startTarget } from './start-target.js';
import { writeResults } from './write-results.js';

export async function runRepetition(ctx: RunContext, variant: string, rep: number): Promise<void> {
  const record: RepRecord = { variant, rep, status: 'incomplete', started: new Date().toISOString(), seededObjects: 0 };
  ctx.manifest.repetitions.push(record);
  const r: Repetition = {
    variant,
    rep,
    label: `${variant} ${rep}/${ctx.lastRep}`,
    record,
    plannedZero: 0,
    zero: 0,
    engineOut: '',
    restarts: 0,
    engineFailed: false,
  };
  try {
    await startTarget(ctx, r);
    await seedTarget(ctx, r);
    await setUpFlowControl(ctx, r);
    await startSampling(ctx, r);
    await runEngine(ctx, r);
    await collectRepetition(ctx, r);
  } catch (e) {
    record.status = 'incomplete';
    record.reason = (e as Error).message;
    if (!ctx.interrupts.aborted) throw e;
  } finally {
    r.sampler?.stop();
    await tearDownFlowControl(ctx, r);
    record.ended = new Date().toISOString();
    await r.target?.stop().catch(() => {});
    await writeResults(ctx);
  }
}
