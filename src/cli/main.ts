#!/usr/bin/env -S node --min-semi-space-size=16
// `ksb`: the command-line entry. Each command lives in its own module; this file only wires them.
// Node starts with V8's young generation at its full default size (16 MiB semi-spaces) instead of doubling it
// over the first minutes of a run: the harness's own memory is then flat over a long run (bench:soak).
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { InputError } from '../errors/input-error.js';
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
  .version(pkg.version)
  .showHelpAfterError();

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

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`ksb: ${(e as Error).message}\n`);
  process.exit(e instanceof InputError ? e.exitCode : 1);
});
