// `ksb compile <workload> --variant v -o file.js`: a self-contained k6 script for any k6 environment.
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { compileK6Script } from '../compile/compile.js';
import { loadWorkload } from './workload-registry.js';
import { buildPlan, resolveWorkload } from '../workload/resolve.js';
import { VARIANTS } from '../workload/variants.js';
import { collect } from './parse.js';

export function compileCommand(version: string): Command {
  return new Command('compile')
    .description('compile a workload and variant into one k6 script (runs with plain `k6 run`)')
    .argument('<workload>', 'built-in workload name or path to a workload .ts file')
    .option('--variant <variant>', `one of ${Object.keys(VARIANTS).join(', ')}`, 'streaming')
    .option('--set <key=value>', 'override a workload parameter (repeatable)', collect, [])
    .requiredOption('-o, --out <file>', 'where to write the script')
    .action(async (name: string, o: { variant: string; set: string[]; out: string }) => {
      if (!VARIANTS[o.variant])
        throw new Error(`--variant: unknown variant "${o.variant}" (expected ${Object.keys(VARIANTS).join(' or ')})`);
      const w = resolveWorkload(await loadWorkload(name), o.set);
      const script = await compileK6Script(buildPlan(w, o.variant), `kube-stream-bench ${version}`);
      await writeFile(o.out, script);
      process.stderr.write(`wrote ${o.out} (${w.name}, variant ${o.variant}, ${w.scenarios.map((s) => s.name).join(' + ')})\n`);
    });
}
