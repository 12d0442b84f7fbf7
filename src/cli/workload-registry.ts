// Built-in workloads by name, and user workload files (.ts/.js) bundled on the fly.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors/input-error.js';
import { importWorkloadFile } from './workload-file.js';
import informerStorm from '../../workloads/informer-storm.js';
import largeList from '../../workloads/large-list.js';
import manySmall from '../../workloads/many-small.js';
import reconnectStorm from '../../workloads/reconnect-storm.js';
import type { WorkloadDefinition } from '../workload/define.js';

export const BUILT_IN: WorkloadDefinition[] = [informerStorm, reconnectStorm, largeList, manySmall];

function isWorkload(x: unknown): x is WorkloadDefinition {
  const w = x as WorkloadDefinition;
  return Boolean(w && typeof w.name === 'string' && typeof w.scenarios === 'function' && typeof w.seed === 'function' && w.params);
}

/** A built-in name, or a path to a workload file whose default export is defineWorkload({...}). */
export async function loadWorkload(nameOrPath: string): Promise<WorkloadDefinition> {
  const builtIn = BUILT_IN.find((w) => w.name === nameOrPath);
  if (builtIn) return builtIn;
  const path = resolve(nameOrPath);
  if (!/\.(ts|js|mjs)$/.test(nameOrPath) || !existsSync(path)) {
    throw new InputError(`workload "${nameOrPath}": not a built-in (${BUILT_IN.map((w) => w.name).join(', ')}) and not a .ts/.js file`);
  }
  const loaded = await importWorkloadFile(path, nameOrPath);
  if (!isWorkload(loaded)) throw new InputError(`workload file ${nameOrPath}: its default export is not defineWorkload({...})`);
  return loaded;
}
