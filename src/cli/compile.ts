// `ksb compile <workload> --variant v -o file`: ksb-runner's plan (JSON), or with --engine k6 a self-contained k6 script.
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { compileK6Script } from '../compile/compile.js';
import { loadWorkload } from './workload-registry.js';
import { buildPlan, resolveWorkload } from '../workload/resolve.js';
import { InputError } from '../errors/input-error.js';
import { VARIANTS, variantNamed } from '../workload/variants.js';
import { collect } from './parse.js';

export function compileCommand(version: string): Command {
  return new Command('compile')
    .description('compile a workload and variant into a plan for ksb-runner, or (--engine k6) a k6 script for your own k6')
    .argument('<workload>', 'built-in workload name or path to a workload .ts file')
    .option('--variant <variant>', `one of ${Object.keys(VARIANTS).join(', ')}`, 'streaming')
    .option('--set <key=value>', 'override a workload parameter (repeatable)', collect, [])
    .option('--engine <engine>', 'runner: a plan (JSON) for `ksb-runner run --plan`; k6: a script for `k6 run`', 'runner')
    .requiredOption('-o, --out <file>', 'where to write the plan or script')
    .action(async (name: string, o: { variant: string; set: string[]; out: string; engine: string }) => {
      if (o.engine !== 'runner' && o.engine !== 'k6') throw new InputError(`--engine: expected runner or k6, got "${o.engine}"`);
      if (!variantNamed(o.variant))
        throw new Error(
          `--variant: unknown variant "${o.variant}" (expected ${Object.keys(VARIANTS).join(' or ')}, or either @json, @protobuf, @cbor)`,
        );
      const w = resolveWorkload(await loadWorkload(name), o.set);
      const plan = buildPlan(w, o.variant);
      await writeFile(
        o.out,
        o.engine === 'k6' ? await compileK6Script(plan, `kube-stream-bench ${version}`) : `${JSON.stringify(plan, null, 2)}\n`,
      );
      process.stderr.write(
        `wrote ${o.out} (${o.engine === 'k6' ? 'k6 script' : 'ksb-runner plan'}: ${w.name}, variant ${o.variant}, ${w.scenarios.map((s) => s.name).join(' + ')})\n`,
      );
    });
}
