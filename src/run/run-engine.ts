// The load stage of a repetition: the engine (ksb-runner, or the user's k6) on the variant's compiled workload,
// until it ends or the target crashes.
import { join } from 'node:path';
import { seed } from '../seed/seed.js';
import { engineTargetEnv, k6Command, runnerCommand, startEngine, type EngineRun } from './engine-process.js';
import { lateRestartWarnings, scheduleRestarts } from './restarts.js';
import type { Repetition, RunContext } from './run-context.js';

/** The exit code with which ksb-runner says it refused or stopped the load at its memory budget. */
const RUNNER_BUDGET_EXIT = 3;

export async function runEngine(ctx: RunContext, r: Repetition): Promise<void> {
  const { o, log, isK6 } = ctx;
  const target = r.target!;
  const { record } = r;
  r.engineOut = join(ctx.dir, isK6 ? 'k6' : 'runner', `${r.variant}-rep${r.rep}.${isK6 ? 'json' : 'jsonl'}`);
  const env = engineTargetEnv(target);
  const script = ctx.compiled.get(r.variant)!;
  const engine = startEngine(
    isK6
      ? k6Command(o.engine.path, script, r.engineOut, env, ctx.k6Outputs)
      : runnerCommand(o.engine.path, script, r.engineOut, env, o.engine.memoryBudget),
    { label: r.label, log, terminal: isK6 && !o.log && process.stderr.isTTY },
  );
  ctx.interrupts.engine = engine;
  r.sampler!.setClient(engine.child.pid);
  const restarts = scheduleRestarts(ctx.plans.get(r.variant)!, target, r.zero, log, () => seed(target, ctx.workload.seed));
  r.restarts = restarts.timers.length;
  const outcome = await Promise.race([engine.done.then((code) => ({ code })), target.crashed.then((why) => ({ crashed: why }))]);
  const loadEnded = Date.now();
  restarts.timers.forEach(clearTimeout);
  // A restart still under way when the load ended is waited for, so the target is not stopped half-restarted; the
  // informers could not re-sync after it, which the run says rather than passing it off as a storm survived.
  for (const w of lateRestartWarnings(await Promise.all(restarts.begun), loadEnded, r.label)) ctx.warn(w);
  if ('crashed' in outcome) {
    record.status = 'target-crashed';
    record.reason = outcome.crashed;
    log(`[${r.label}] target crashed: ${outcome.crashed}; keeping the samples up to now`);
    engine.interrupt();
  }
  record.engineExitCode = await engine.done;
  r.engineFailed = record.status !== 'target-crashed' && !ctx.interrupts.aborted && record.engineExitCode !== 0;
  if (r.engineFailed) {
    record.reason = failureReason(engine, isK6, record.engineExitCode);
    record.engineLastLines = engine.lastLines();
    log(`[${r.label}] ${record.reason}${o.keepGoing === false ? '; stopping (--no-keep-going)' : ''}`);
    if (o.keepGoing === false) ctx.stopAfterThis = true;
  }
}

function failureReason(engine: EngineRun, isK6: boolean, exitCode: number): string {
  if (!isK6 && exitCode === RUNNER_BUDGET_EXIT)
    return `load generator limit reached: ${engine.lastLines().find((l) => l.includes('load generator limit')) ?? 'ksb-runner stopped at its memory budget'}`;
  return `${isK6 ? 'k6' : 'ksb-runner'} ended with ${engine.howEnded()}`;
}
