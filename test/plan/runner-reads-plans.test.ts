// The plan's wire format between the two sides: every built-in workload's plan, as ksb writes it for ksb-runner
// (src/plan/plan.ts), is one the runner reads and accepts (runner/plan.go, `ksb-runner check`), with the
// parameters that reach each kind's optional fields.
import test from 'ava';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { buildPlan, resolveWorkload } from '../../src/workload/resolve.js';
import { requiredEngine } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);

/** Beside the defaults: the settings that add an arrival profile, a restart trigger, pagination and decoding. */
const EXTRA_SETS: Record<string, string[][]> = {
  'informer-storm': [['arrival=steps', 'churnPerSecond=0'], ['arrival=ramp']],
  'reconnect-storm': [['trigger=target-restart']],
  'large-list': [['listMode=paginated', 'decode=true', 'accept=protobuf']],
};

test('ksb-runner accepts the plan of every built-in workload and variant', async (t) => {
  const engine = await requiredEngine();
  const dir = await tempDir(t);
  let checked = 0;
  for (const w of BUILT_IN) {
    for (const sets of [[], ...(EXTRA_SETS[w.name] ?? [])]) {
      for (const variant of ['legacy', 'streaming']) {
        const plan = buildPlan(resolveWorkload(w, sets), variant);
        const file = join(dir, `${w.name}-${variant}-${checked}.json`);
        await writeFile(file, `${JSON.stringify(plan, null, 2)}\n`);
        // The budget is not what this test is about: the defaults' plans need more than a small machine's half.
        const { stdout } = await run(engine.path, ['check', '--plan', file, '--memory-budget', '1024GiB']);
        t.regex(
          stdout,
          new RegExp(`^plan ${w.name}/${variant} format 1: ${plan.scenarios.length} scenario\\(s\\)`),
          `${w.name} ${sets.join(' ')}`,
        );
        checked++;
      }
    }
  }
  t.is(checked, 2 * (BUILT_IN.length + Object.values(EXTRA_SETS).flat().length));
});
