// k6/execution, as far as the compiled scripts read it.
import { current } from './state.js';

export default {
  get scenario() {
    const c = current();
    return { name: c.scenario, iterationInTest: c.iterationInTest, startTime: c.startTime };
  },
  get vu() {
    return { metrics: { metadata: current().metadata } };
  },
};
