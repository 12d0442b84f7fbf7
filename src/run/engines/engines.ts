// The engine a run uses, from the user's choice (--engine).
import type { RunOptions } from '../run-options.js';
import type { Engine } from './engine.js';
import { k6Engine } from './k6.js';
import { ksbRunner } from './ksb-runner.js';

export function engineFor(o: RunOptions): Engine {
  const { record, path, memoryBudget } = o.engine;
  if (record.name === 'k6')
    return k6Engine({ bin: path, version: o.version, outputs: o.k6Outputs ?? [], terminal: !o.log && process.stderr.isTTY });
  return ksbRunner(path, memoryBudget);
}
