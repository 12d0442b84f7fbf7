// `ksb workloads`: the built-in workloads and their parameters.
import { Command } from 'commander';
import type { ParamSpec } from '../workload/params.js';
import { BUILT_IN } from './workload-registry.js';

function describe(name: string, spec: ParamSpec): string {
  const allowed = spec.type === 'enum' ? ` (${spec.values.join(' | ')})` : spec.type === 'int' && spec.min === 0 ? ' (>= 0)' : '';
  return `    ${name.padEnd(16)} ${String(spec.default).padEnd(10)} ${spec.type.padEnd(9)} ${spec.description}${allowed}`;
}

export function workloadsCommand(): Command {
  return new Command('workloads')
    .description('list the built-in workloads and their parameters (override with --set key=value)')
    .action(() => {
      const out: string[] = [];
      for (const w of BUILT_IN) {
        out.push(`${w.name}: ${w.description}`, `    ${'parameter'.padEnd(16)} ${'default'.padEnd(10)} ${'type'.padEnd(9)} meaning`);
        for (const [name, spec] of Object.entries(w.params)) out.push(describe(name, spec));
        out.push('');
      }
      process.stdout.write(out.join('\n'));
    });
}
