// The mock apiserver as its own child process, so its memory is its own to measure.
import { fileURLToPath } from 'node:url';
import { spawnListening, type ListeningProcess } from './spawn-listening.js';

const MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));

export function startMockProcess(opts: { featureGates: string; extraArgs?: string[]; heapMiB?: number }): Promise<ListeningProcess> {
  const nodeArgs = opts.heapMiB ? [`--max-old-space-size=${opts.heapMiB}`] : [];
  const args = opts.extraArgs ?? [];
  const port = args.includes('--port') ? [] : ['--port', '0'];
  return spawnListening(process.execPath, [...nodeArgs, MAIN, 'mock', ...port, '--feature-gates', opts.featureGates, ...args], {
    detached: true,
  });
}
