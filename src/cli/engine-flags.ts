// --engine runner|k6 (and --k6, --runner-memory-budget): which load engine a run uses, resolved once here.
import { Option, type Command } from 'commander';
import { InputError } from '../errors/input-error.js';
import type { EngineChoice } from '../run/run.js';
import { requireK6 } from '../tools/k6.js';
import { ensureRunner } from '../tools/runner.js';
import { HELP_GROUPS } from './help-groups.js';
import { parseBytes } from './parse.js';

export interface EngineFlags {
  engine: string;
  k6?: string;
  runnerMemoryBudget?: number;
}

const ENGINES = ['runner', 'k6'] as const;

export function addEngineFlags(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--engine <engine>', 'load engine: runner (ksb-runner, client-go; built from runner/) or k6 (your own k6, bring-your-own)')
        .default('runner')
        .helpGroup(HELP_GROUPS.engine),
    )
    .addOption(
      new Option(
        '--runner-memory-budget <size>',
        "ksb-runner's memory budget: a plan that needs more is refused, a run that grows past it stops (default: half the host's memory)",
      )
        .argParser(parseBytes)
        .helpGroup(HELP_GROUPS.engine),
    )
    .addOption(new Option('--k6 <path>', '--engine k6: the k6 binary (default: $KSB_K6, then k6 on PATH)').helpGroup(HELP_GROUPS.k6));
}

/** The engine the flags name, found (or built, for ksb-runner) before any target starts. */
export async function engineFromFlags(o: EngineFlags, log?: (l: string) => void): Promise<EngineChoice> {
  if (!(ENGINES as readonly string[]).includes(o.engine)) throw new InputError(`--engine: expected runner or k6, got "${o.engine}"`);
  if (o.engine === 'k6') {
    if (o.runnerMemoryBudget !== undefined) throw new InputError('--runner-memory-budget: only ksb-runner has one (--engine runner)');
    const k6 = await requireK6(o.k6);
    return { path: k6.path, record: { name: 'k6', version: k6.version } };
  }
  if (o.k6 !== undefined) throw new InputError('--k6: only used with --engine k6');
  const r = await ensureRunner(log);
  return {
    path: r.path,
    memoryBudget: o.runnerMemoryBudget,
    record: { name: 'ksb-runner', version: r.version, go: r.go, client_go: r.client_go },
  };
}

/** The default engine, for benchmarks and tests: ksb-runner, built on first use. */
export function defaultEngine(log?: (l: string) => void): Promise<EngineChoice> {
  return engineFromFlags({ engine: 'runner' }, log);
}
