// @ts-check
// npm run test:e2e: the test files ava.config.js lists in E2E; KSB_E2E_GROUP=artifacts or =runs narrows them to
// E2E_ARTIFACTS or to the others (.ci/run runs the two in different lanes).
import process from 'node:process';
import { built, common, E2E, E2E_ARTIFACTS } from './ava.config.js';

/** @param {string | undefined} group */
function e2eFiles(group) {
  if (!group) return E2E.map(built);
  if (group === 'artifacts') return E2E_ARTIFACTS.map(built);
  if (group === 'runs') return [...E2E.map(built), ...E2E_ARTIFACTS.map((f) => `!${built(f)}`)];
  throw new Error(`KSB_E2E_GROUP: expected artifacts or runs, got "${group}"`);
}

export default { ...common, files: e2eFiles(process.env.KSB_E2E_GROUP) };
