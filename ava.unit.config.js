// @ts-check
// npm run test:unit: every test file but those ava.config.js lists in E2E.
import { built, common, E2E } from './ava.config.js';

export default { ...common, files: ['dist/test/**/*.test.js', ...E2E.map((f) => `!${built(f)}`)] };
