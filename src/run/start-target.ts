// The first stages of a repetition: a fresh target with the variant's gates, then the workload's objects in it.
import { seedProgress } from '../seed/progress-bar.js';
import { seed } from '../seed/seed.js';
import { verifyServerGates } from '../targets/effective-gates.js';
import { variantOf } from '../variants/variants.js';
import type { RunningTarget } from '../targets/target.js';
import type { Repetition, RunContext } from './run-context.js';

/** Starts the target and records what it runs. */
export async function startTarget(ctx: RunContext, r: Repetition): Promise<RunningTarget> {
  const { o, log, manifest } = ctx;
  log(`\n[${r.label}] starting ${o.target.name} target`);
  const target = await o.target.start(variantOf(r.variant));
  r.record.target = target.info;
  if (target.info.emulated_version) manifest.target.emulated_version = target.info.emulated_version;
  return target;
}

/**
 * Records the gates the target runs with, including any it runs otherwise than the variant asks; a gate asked for but
 * not in effect fails the repetition. A stage of its own, after the target is in hand, so that failure stops it.
 */
export async function checkTargetGates(ctx: RunContext, r: Repetition, target: RunningTarget): Promise<void> {
  const { log } = ctx;
  const gates = await verifyServerGates(target, variantOf(r.variant));
  r.record.effective_gates = gates.found;
  if (gates.contradicted.length) {
    r.record.gate_contradictions = gates.contradicted;
    log(`[${r.label}] the cluster contradicts variant ${r.variant}: ${gates.contradicted.join('; ')}`);
  }
}

export async function seedTarget(ctx: RunContext, r: Repetition, target: RunningTarget): Promise<void> {
  r.record.seededObjects = await seed(target, ctx.workload.seed, seedProgress(`[${r.label}] seeding`, ctx.log));
  if (ctx.interrupts.aborted) throw new Error('interrupted');
}
