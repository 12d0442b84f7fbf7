// One benchmark run: for each repetition and variant (interleaved: legacy, streaming, legacy, …), a fresh target is
// started, seeded, sampled while the engine (ksb-runner, or a user's k6) runs the compiled workload, and stopped
// (repetition.ts). The result files are rewritten after every repetition.
import { autoRepsDecision, describeWidest, type AutoReps } from './auto-reps.js';
import { failRun, finishRun, summaryText } from './finish-run.js';
import { prepareRun } from './prepare-run.js';
import { runRepetition } from './repetition.js';
import type { RunContext } from './run-context.js';
import type { RunOptions, RunResult } from './run-options.js';
import { writeSummaryText } from './write-results.js';

export type { EngineChoice, RunOptions, RunResult } from './run-options.js';

export async function runBenchmark(o: RunOptions): Promise<RunResult> {
  const ctx = await prepareRun(o);
  const { interrupts } = ctx;
  interrupts.listen();
  try {
    outer: for (let rep = 1; rep <= ctx.lastRep; rep++) {
      for (const variant of o.variants) {
        if (interrupts.aborted || ctx.stopAfterThis) break outer;
        await runRepetition(ctx, variant, rep);
      }
      if (o.auto && !interrupts.aborted && !ctx.stopAfterThis && autoRepsSettled(ctx, o.auto, rep)) break;
    }
  } catch (e) {
    await failRun(ctx, e);
    throw e;
  } finally {
    interrupts.release();
  }
  await finishRun(ctx);
  const text = summaryText(ctx);
  await writeSummaryText(ctx, text);
  return { dir: ctx.dir, manifest: ctx.manifest, reps: ctx.figures, summaryText: text };
}

/** --reps auto, after each pair: whether the gated ratios are known well enough (or --max-reps is reached). */
function autoRepsSettled(ctx: RunContext, auto: AutoReps, rep: number): boolean {
  const { o, log, manifest } = ctx;
  const d = autoRepsDecision(ctx.figures, o.variants[0]!, o.variants[1]!, auto.threshold);
  const within = `every gated ratio's 95% interval within ±${Math.round(auto.threshold * 100)}%`;
  if (d.settled || rep === ctx.lastRep) {
    manifest.reps_auto = {
      max_reps: auto.maxReps,
      threshold: auto.threshold,
      stopped_after: rep,
      why: d.settled ? `${within} (${describeWidest(d)})` : `reached --max-reps ${ctx.lastRep} before ${within} (${describeWidest(d)})`,
    };
    log(`--reps auto: ${manifest.reps_auto.why}; ${rep} repetition(s)`);
    return true;
  }
  log(`--reps auto: after ${rep}, ${describeWidest(d)}; another pair`);
  return false;
}
