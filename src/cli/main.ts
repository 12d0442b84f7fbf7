#!/usr/bin/env -S node --min-semi-space-size=16
// `ksb`: the command-line entry. Each command lives in its own module; this file only wires them.
// Node starts with V8's young generation at its full default size (16 MiB semi-spaces) instead of doubling it
// over the first minutes of a run: the harness's own memory is then flat over a long run (bench:soak).
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { INPUT_EXIT_CODE, InputError } from '../errors/input-error.js';
import { buildCommand } from './build.js';
import { capacityCommand } from './capacity.js';
import { collectCommand } from './collect.js';
import { compareCommand } from './compare.js';
import { compileCommand } from './compile.js';
import { doctorCommand } from './doctor.js';
import { exportCommand } from './export.js';
import { gatherCommand } from './gather.js';
import { historyCommand } from './history.js';
import { mockCommand } from './mock.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { targetCommand } from './target.js';
import { workloadsCommand } from './workloads.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('ksb')
  .description('kube-stream-bench: measure how much apiserver memory and latency API streaming saves')
  .version(pkg.version);

program.addCommand(mockCommand());
program.addCommand(compileCommand(pkg.version));
program.addCommand(runCommand(pkg.version));
program.addCommand(compareCommand());
program.addCommand(reportCommand());
program.addCommand(historyCommand());
program.addCommand(exportCommand(pkg.version));
program.addCommand(collectCommand());
program.addCommand(gatherCommand(pkg.version));
program.addCommand(capacityCommand(pkg.version));
program.addCommand(workloadsCommand());
program.addCommand(doctorCommand());
program.addCommand(targetCommand());
program.addCommand(buildCommand());

refusalsExitTwo(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  // Commander has printed its own errors; an InvalidArgumentError thrown from an action has not been printed.
  if (e instanceof CommanderError && !(e instanceof InvalidArgumentError)) process.exit(e.exitCode === 0 ? 0 : INPUT_EXIT_CODE);
  process.stderr.write(`ksb: ${(e as Error).message}\n`);
  process.exit(e instanceof InputError ? e.exitCode : e instanceof InvalidArgumentError ? INPUT_EXIT_CODE : 1);
});

/**
 * Commander's own refusals (an unknown option or command, a missing or invalid argument) are bad input like any
 * other: one line, `ksb: …`, exit 2. Commander would exit 1 itself; each command throws instead (exitOverride, set on
 * every command, since added commands do not inherit it) and the catch above picks the code.
 */
function refusalsExitTwo(cmd: Command): void {
  cmd.exitOverride().configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'ksb: ')) });
  for (const sub of cmd.commands) refusalsExitTwo(sub);
}
