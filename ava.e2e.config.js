// @ts-check
// npm run test:e2e: the test files ava.config.js lists in E2E; KSB_E2E_GROUP narrows them (.ci/run's lanes):
// artifacts: E2E_ARTIFACTS; runs: the others, split in runs-1 and runs-2 (E2E_RUNS_2).
import process from 'node:process';
import { built, common, E2E, E2E_ARTIFACTS, E2E_RUNS_2 } from './ava.config.js';

/** @param {string | undefined} group */
function e2eFiles(group) {
  if (!group) return E2E.map(built);
  if (group === 'artifacts') return E2E_ARTIFACTS.map(built);
  const not = (files) => files.map((f) => `!${built(f)}`);
  if (group === 'runs') return [...E2E.map(built), ...not(E2E_ARTIFACTS)];
  if (group === 'runs-1') return [...E2E.map(built), ...not(E2E_ARTIFACTS), ...not(E2E_RUNS_2)];
  if (group === 'runs-2') return E2E_RUNS_2.map(built);
  throw new Error(`KSB_E2E_GROUP: expected artifacts, runs, runs-1 or runs-2, got "${group}"`);
}

export default { ...common, files: e2eFiles(process.env.KSB_E2E_GROUP) };
