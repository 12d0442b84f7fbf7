// The mock apiserver as its own child process, so its memory is its own to measure.
import { fileURLToPath } from 'node:url';
import { spawnListening, type ListeningProcess } from './spawn-listening.js';

const MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** `cgroupProcs`: the cgroup.procs file of a memory cgroup the mock joins before Node starts (--memory-limit). */
export function startMockProcess(opts: {
  featureGates: string;
  extraArgs?: string[];
  heapMiB?: number;
  cgroupProcs?: string;
}): Promise<ListeningProcess> {
  const nodeArgs = opts.heapMiB ? [`--max-old-space-size=${opts.heapMiB}`] : [];
  const args = opts.extraArgs ?? [];
  const port = args.includes('--port') ? [] : ['--port', '0'];
  const argv = [...nodeArgs, MAIN, 'mock', ...port, '--feature-gates', opts.featureGates, ...args];
  // The shell puts itself in the cgroup and execs Node: the mock's pid is the shell's, its every byte counted.
  const [command, commandArgs] = opts.cgroupProcs
    ? ['sh', ['-c', 'echo $$ > "$0" && exec "$@"', opts.cgroupProcs, process.execPath, ...argv]]
    : [process.execPath, argv];
  return spawnListening(command, commandArgs, { detached: true });
}
