// The shared protocol suite against the mock.
import anyTest, { type TestFn } from 'ava';
import { startMock } from '../helpers/target.js';
import { registerProtocolSuite, type SuiteContext } from './suite.js';

const test = anyTest as TestFn<SuiteContext>;

test.before(async (t) => {
  t.context.target = await startMock({ featureGates: 'WatchList=true' });
});
test.after.always(async (t) => {
  await t.context.target?.close();
});

registerProtocolSuite(test);
