// Bring-your-own k6 (--engine k6): the user's k6 on a compiled script (k6's JS client), read back from k6's JSON
// output.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compileK6Script, releaseCompiler } from '../../compile/compile.js';
import { readK6Json } from '../../results/k6-json.js';
import { engineTargetEnv, k6Command, startEngine } from '../engine-process.js';
import { k6OutputArgs, type K6Output } from '../k6-outputs.js';
import type { Engine } from './engine.js';

/** What bench:fidelity measured of k6's JS client against client-go (README: Benchmarks), said on every k6 run. */
const K6_FIDELITY_CAVEAT =
  "stock k6 runs k6's JS client (k6/http LIST, WebSocket WatchList), which decodes nothing: on kube-apiserver 1.33 (16 informers × 400 × 256 KiB Secrets) legacy growth agreed with client-go informers, but with streaming the apiserver grew 7.7 ± 4.4× as much as under real client-go informers (bench:fidelity); use the default engine for figures about controllers";

export interface K6Settings {
  bin: string;
  /** the version the compiled script names */
  version: string;
  /** --k6-out: k6 outputs added beside the project's own */
  outputs: K6Output[];
  /** k6 writes straight to this terminal, so its live progress bars render as it draws them */
  terminal: boolean;
}

export function k6Engine(s: K6Settings): Engine {
  return {
    name: 'k6',
    check: () => {},
    async compile(dir, plans) {
      await mkdir(join(dir, 'k6'), { recursive: true });
      const out = new Map<string, string>();
      for (const [v, plan] of plans) {
        const path = join(dir, 'k6', `${v}.js`);
        await writeFile(path, await compileK6Script(plan, `kube-stream-bench ${s.version}`));
        out.set(v, path);
      }
      await releaseCompiler();
      return out;
    },
    outputOf: (dir, variant, rep) => join(dir, 'k6', `${variant}-rep${rep}.json`),
    async start(job) {
      const env = engineTargetEnv(job.target);
      // k6 takes no custom CA: a server signed by the target's own CA is reached without verifying its certificate.
      if (job.target.caPem && env.KSB_INSECURE_SKIP_TLS_VERIFY !== 'true') {
        env.KSB_INSECURE_SKIP_TLS_VERIFY = 'true';
        job.log(`[${job.label}] k6 takes no custom CA: it does not verify ${job.target.url}'s certificate`);
      }
      return startEngine(k6Command(s.bin, job.compiled, job.out, env, k6OutputArgs(s.outputs, job.runId)), {
        label: job.label,
        log: job.log,
        terminal: s.terminal,
      });
    },
    async read(out, zeroMs) {
      return { samples: await readK6Json(out, zeroMs).catch(() => ({ requests: [], vus: [] })), warnings: [] };
    },
    failure: (run) => `k6 ended with ${run.howEnded()}`,
    caveat: (description) => ({
      line: `engine: ${description} (yours, --engine k6). ${K6_FIDELITY_CAVEAT}`,
      warning: `engine k6: ${K6_FIDELITY_CAVEAT}`,
    }),
  };
}
