// Runs a compiled k6 script in Node with the k6 test double in place of k6's modules: setup(), then every
// scenario with its executor (per-vu-iterations, constant-arrival-rate) at its start time. A script that
// would break in k6 — a missing export, a thrown error, a wrong module — breaks here too.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { env, samples, vu, type Sample } from './state.js';

const MODULES: Record<string, string> = {
  'k6/http': 'http.js',
  'k6/execution': 'execution.js',
  'k6/metrics': 'metrics.js',
  'k6/timers': 'timers.js',
  'k6/websockets': 'websockets.js',
};

interface ScenarioOptions {
  exec: string;
  executor: 'per-vu-iterations' | 'constant-arrival-rate';
  startTime: string;
  vus?: number;
  iterations?: number;
  rate?: number;
  duration?: string;
}

type ScriptModule = Record<string, unknown> & { options: { scenarios: Record<string, ScenarioOptions> }; setup?: () => void };

function ms(d: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(d ?? '0ms');
  if (!m) throw new Error(`k6 double: cannot read duration "${d}"`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

/** Rewrites the script's k6 imports to the double's modules; a module the double lacks is an error naming it. */
function rewire(script: string): string {
  const here = new URL('.', import.meta.url);
  return script.replace(/from\s*["'](k6\/[\w/]+)["']/g, (_, spec: string) => {
    const file = MODULES[spec];
    if (!file) throw new Error(`k6 double: the script imports ${spec}, which stock k6 and this double do not provide`);
    return `from ${JSON.stringify(new URL(file, here).href)}`;
  });
}

const sleep = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t)));

async function runScenario(mod: ScriptModule, name: string, o: ScenarioOptions, testStart: number): Promise<void> {
  const fn = mod[o.exec];
  if (typeof fn !== 'function') throw new Error(`k6 double: scenario ${name} execs "${o.exec}", which the script does not export`);
  await sleep(testStart + ms(o.startTime) - Date.now());
  const startTime = Date.now();
  const iterate = (iterationInTest: number) =>
    vu.run({ scenario: name, iterationInTest, startTime, metadata: {} }, async () => {
      await (fn as () => unknown)();
    });
  if (o.executor === 'per-vu-iterations') {
    const iterations = o.iterations ?? 1;
    await Promise.all(
      Array.from({ length: o.vus ?? 1 }, async (_, v) => {
        for (let i = 0; i < iterations; i++) await iterate(v * iterations + i);
      }),
    );
    return;
  }
  const every = 1000 / (o.rate ?? 1);
  const runs: Promise<void>[] = [];
  for (let k = 0; k * every < ms(o.duration); k++) {
    await sleep(startTime + k * every - Date.now());
    runs.push(iterate(k));
  }
  await Promise.all(runs);
}

/** Runs the script against KSB_TARGET_URL (in `vars`); returns every sample it added. */
export async function runWithDouble(script: string, vars: Record<string, string>, dir: string): Promise<Sample[]> {
  samples.length = 0;
  for (const k of Object.keys(env)) delete env[k];
  Object.assign(env, vars);
  (globalThis as { __ENV?: Record<string, string> }).__ENV = env;
  const file = join(dir, `script-${Date.now()}.mjs`);
  await writeFile(file, rewire(script));
  const mod = (await import(pathToFileURL(file).href)) as ScriptModule;
  mod.setup?.();
  const start = Date.now();
  await Promise.all(Object.entries(mod.options.scenarios).map(([name, o]) => runScenario(mod, name, o, start)));
  return [...samples];
}
