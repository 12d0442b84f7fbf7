// @ts-check
// npm run test:e2e: the test files ava.config.js lists in E2E.
import { built, common, E2E } from './ava.config.js';

export default { ...common, files: E2E.map(built) };
