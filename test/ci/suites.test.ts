// The unit/e2e split (ava.config.js's E2E list): every entry names test files that exist, so a renamed or moved
// end-to-end test cannot fall silently into the unit suite's Node-only run, or out of the e2e run.
import test from 'ava';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('every entry of the E2E list matches a test file under test/', async (t) => {
  const { E2E } = (await import(pathToFileURL(join(ROOT, 'ava.config.js')).href)) as { E2E: string[] };
  const files = (readdirSync(join(ROOT, 'test'), { recursive: true }) as string[]).filter((f) => f.endsWith('.test.ts'));
  const stale = E2E.filter((e) => !files.some((f) => (e.endsWith('/**') ? f.startsWith(e.slice(0, -2)) : f === e)));
  t.deepEqual(stale, [], 'ava.config.js: E2E entries that match no test file');
});

test('every E2E_ARTIFACTS and E2E_RUNS_2 entry is a test file the E2E list holds, in one of the two only', async (t) => {
  const { E2E, E2E_ARTIFACTS, E2E_RUNS_2 } = (await import(pathToFileURL(join(ROOT, 'ava.config.js')).href)) as {
    E2E: string[];
    E2E_ARTIFACTS: string[];
    E2E_RUNS_2: string[];
  };
  const files = (readdirSync(join(ROOT, 'test'), { recursive: true }) as string[]).filter((f) => f.endsWith('.test.ts'));
  const inE2E = (f: string) => E2E.some((e) => (e.endsWith('/**') ? f.startsWith(e.slice(0, -2)) : f === e));
  for (const [name, list] of Object.entries({ E2E_ARTIFACTS, E2E_RUNS_2 }))
    t.deepEqual(
      list.filter((f) => !files.includes(f) || !inE2E(f)),
      [],
      `ava.config.js: ${name} entries that are no test file, or not in E2E`,
    );
  t.deepEqual(
    E2E_RUNS_2.filter((f) => E2E_ARTIFACTS.includes(f)),
    [],
    'ava.config.js: files in both E2E_ARTIFACTS and E2E_RUNS_2',
  );
});
