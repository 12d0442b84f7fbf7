import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compileK6Script } from '../../src/compile/compile.js';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { buildPlan, resolveWorkload } from '../../src/workload/resolve.js';
import { runKsb } from '../helpers/cli.js';
import { findK6 } from '../../src/tools/k6.js';

const run = promisify(execFile);

// k6 is bring-your-own (AGPL-3.0): with KSB_K6 (or k6 on PATH) the scripts go through the real `k6 inspect`;
// without it these are reported as skipped, naming what is missing.
const k6 = (await findK6())?.path;
const withK6 = k6 ? test : test.skip;

for (const w of BUILT_IN) {
  for (const variant of ['legacy', 'streaming']) {
    withK6(
      `compiled ${w.name} (${variant}) passes k6 inspect with one scenario per workload scenario${k6 ? '' : ' (skipped: no k6; set KSB_K6)'}`,
      async (t) => {
        const plan = buildPlan(resolveWorkload(w, []), variant);
        const script = await compileK6Script(plan, 'test');
        t.false(/from ["'](?!k6)/.test(script.replace(/^\/\/.*$/gm, '')), 'only k6 modules are imported');
        const dir = await mkdtemp(join(tmpdir(), 'ksb-compile-'));
        t.teardown(() => rm(dir, { recursive: true, force: true }));
        const file = join(dir, 'script.js');
        await writeFile(file, script);
        const { stdout } = await run(k6!, ['inspect', file], { env: { ...process.env, K6_AUTO_EXTENSION_RESOLUTION: 'false' } });
        const options = JSON.parse(stdout) as {
          scenarios: Record<string, { exec: string; tags: Record<string, string>; gracefulStop: string; executor: string }>;
        };
        t.deepEqual(Object.keys(options.scenarios).sort(), plan.scenarios.map((s) => s.name).sort());
        for (const [name, sc] of Object.entries(options.scenarios)) {
          t.is(sc.exec, name);
          t.deepEqual(sc.tags, { variant, scenario: name });
          t.is(sc.gracefulStop, '30s');
        }
      },
    );
  }
}

test('ksb compile writes a script; a bad --set exits non-zero naming the parameter', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-compile-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const out = join(dir, 'x.js');
  const ok = await runKsb(['compile', 'large-list', '--variant', 'legacy', '--set', 'clients=3', '-o', out]);
  t.is(ok.code, 0, ok.stderr);
  t.regex(await readFile(out, 'utf8'), /"concurrency": 3/);
  const bad = await runKsb(['compile', 'large-list', '--set', 'clients=-1', '-o', out]);
  t.not(bad.code, 0);
  t.regex(bad.stderr, /clients: expected an integer >= 1, got "-1"/);
  const badVariant = await runKsb(['compile', 'large-list', '--variant', 'turbo', '-o', out]);
  t.regex(badVariant.stderr, /--variant: unknown variant "turbo"/);
});
