// The default engine: ksb-runner (client-go informers and LISTs, runner/) on the plan as JSON, writing its
// observations as JSON lines.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../errors/input-error.js';
import type { Scenario } from '../../plan/plan.js';
import { readRunnerJson } from '../../results/runner-json.js';
import { caFileEnv, engineTargetEnv, runnerCommand, startEngine } from '../engine-process.js';
import type { Engine } from './engine.js';
import { runnerReport } from './runner-report.js';

/** The exit code with which ksb-runner says it refused or stopped the load at its memory budget. */
const RUNNER_BUDGET_EXIT = 3;

export function ksbRunner(bin: string, memoryBudget: number | undefined): Engine {
  return {
    name: 'ksb-runner',
    check: refuseJsClient,
    async compile(dir, plans) {
      await mkdir(join(dir, 'runner'), { recursive: true });
      const out = new Map<string, string>();
      for (const [v, plan] of plans) {
        const path = join(dir, 'runner', `${v}.plan.json`);
        await writeFile(path, `${JSON.stringify(plan, null, 2)}\n`);
        out.set(v, path);
      }
      return out;
    },
    outputOf: (dir, variant, rep) => join(dir, 'runner', `${variant}-rep${rep}.jsonl`),
    async start(job) {
      // The runner verifies the server's certificate against the target's CA, unless the target says insecure.
      const ca = await caFileEnv(job.target);
      const env = { ...engineTargetEnv(job.target), ...ca.env };
      const run = startEngine(runnerCommand(bin, job.compiled, job.out, env, memoryBudget), { label: job.label, log: job.log });
      void run.done.then(ca.remove, ca.remove);
      return run;
    },
    async read(out, zeroMs, record) {
      const samples = await readRunnerJson(out, zeroMs).catch(() => ({ requests: [], vus: [], unreadable: 0 }));
      return { samples, warnings: runnerReport(record, samples) };
    },
    failure(run, exitCode) {
      if (exitCode === RUNNER_BUDGET_EXIT)
        return `load generator limit reached: ${run.lastLines().find((l) => l.includes('load generator limit')) ?? 'ksb-runner stopped at its memory budget'}`;
      return `ksb-runner ended with ${run.howEnded()}`;
    },
  };
}

/** ksb-runner runs client-go only; k6's JS client needs the user's k6. Said before any target starts. */
function refuseJsClient(scenarios: Scenario[]): void {
  const js = scenarios.find((s) => (s.kind === 'list-storm' ? s.client === 'js' : s.kind !== 'churn' && s.client.kind === 'js'));
  if (js)
    throw new InputError(
      `--set client=js (scenario ${js.name}) is k6's JavaScript client: run it with --engine k6 and your own k6, or use client=client-go with the default engine`,
    );
}
