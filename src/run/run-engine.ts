// The load stage of a repetition: the engine (ksb-runner, or the user's k6) on the variant's compiled workload,
// until it ends or the target crashes.
import { seed } from '../seed/seed.js';
import type { RunningTarget } from '../targets/target.js';
import { crashReason } from './crash-watch.js';
import { lateRestartWarnings, scheduleRestarts } from './restarts.js';
import type { Load, Repetition, RunContext, Sampling } from './run-context.js';

export async function runEngine(ctx: RunContext, r: Repetition, target: RunningTarget, sampling: Sampling): Promise<Load> {
  const { o, log, engine } = ctx;
  const { record } = r;
  const out = engine.outputOf(ctx.dir, r.variant, r.rep);
  const compiled = ctx.compiled.get(r.variant);
  const plan = ctx.plans.get(r.variant);
  if (!compiled || !plan) throw new Error(`variant ${r.variant} was not compiled`);
  const run = await engine.start({ compiled, out, target, runId: ctx.id, label: r.label, log });
  ctx.interrupts.engine = run;
  sampling.sampler.setClient(run.child.pid);
  const restarts = scheduleRestarts(plan, target, sampling.zero, log, () => seed(target, ctx.workload.seed));
  const outcome = await Promise.race([run.done.then((code) => ({ code })), target.crashed.then((why) => ({ crashed: why }))]);
  const loadEnded = Date.now();
  restarts.timers.forEach(clearTimeout);
  // A restart still under way when the load ended is waited for, so the target is not stopped half-restarted; the
  // informers could not re-sync after it, which the run says rather than passing it off as a storm survived.
  for (const w of lateRestartWarnings(await Promise.all(restarts.begun), loadEnded, r.label)) ctx.warn(w);
  if ('crashed' in outcome) {
    record.status = 'target-crashed';
    record.reason = outcome.crashed;
    log(`[${r.label}] target crashed: ${outcome.crashed}; keeping the samples up to now`);
    run.interrupt();
  }
  record.engineExitCode = await run.done;
  const failed = record.status !== 'target-crashed' && !ctx.interrupts.aborted && record.engineExitCode !== 0;
  // An engine whose target died under it failed of that death, even where its own exit was reported first.
  const died = failed ? await crashReason(target) : undefined;
  if (died) {
    record.status = 'target-crashed';
    record.reason = died;
    log(`[${r.label}] target crashed: ${died}; keeping the samples up to now`);
  }
  const engineFailed = failed && !died;
  if (engineFailed) {
    record.reason = engine.failure(run, record.engineExitCode);
    record.engineLastLines = run.lastLines();
    log(`[${r.label}] ${record.reason}${o.keepGoing === false ? '; stopping (--no-keep-going)' : ''}`);
    if (o.keepGoing === false) ctx.stopAfterThis = true;
  }
  return { out, restarts: restarts.timers.length, engineFailed };
}
