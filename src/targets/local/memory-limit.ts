// A hard memory cap for kube-apiserver through a cgroup (v2 memory.max, or v1 memory.limit_in_bytes),
// so an OOM can be reproduced: the kernel kills the apiserver and the run records target-crashed.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface MemoryCgroup {
  /** the cgroup.procs file a process joins by writing its pid */
  procsFile: string;
  /** true when the last process in it was killed for memory */
  oomKilled(): Promise<boolean>;
  /** how many processes in it the kernel has killed for memory so far (memory.events' oom_kill) */
  oomKills(): Promise<number>;
  remove(): Promise<void>;
}

/** The oom_kill count of a cgroup's memory.events (v2) or memory.oom_control (v1); 0 when absent. */
function oomKillCount(text: string): number {
  return Number(/^oom_kill (\d+)$/m.exec(text)?.[1] ?? 0);
}

async function ownCgroupPath(controller: 'v1' | 'v2'): Promise<string> {
  const lines = (await readFile('/proc/self/cgroup', 'utf8')).split('\n');
  const line = controller === 'v2' ? lines.find((l) => l.startsWith('0::')) : lines.find((l) => /^\d+:memory:/.test(l));
  return line ? line.slice(line.lastIndexOf(':') + 1) : '/';
}

export async function createMemoryCgroup(name: string, limitBytes: number): Promise<MemoryCgroup> {
  const v2Root = existsSync('/sys/fs/cgroup/cgroup.controllers') ? '/sys/fs/cgroup' : '/sys/fs/cgroup/unified';
  const v2Controllers = existsSync(join(v2Root, 'cgroup.controllers')) ? await readFile(join(v2Root, 'cgroup.controllers'), 'utf8') : '';
  const attempts: string[] = [];
  if (v2Controllers.includes('memory')) {
    const dir = join(v2Root, await ownCgroupPath('v2'), name);
    try {
      await mkdir(dir);
      await writeFile(join(dir, 'memory.max'), String(limitBytes));
      await writeFile(join(dir, 'memory.swap.max'), '0').catch(() => {});
      const kills = async () => oomKillCount(await readFile(join(dir, 'memory.events'), 'utf8').catch(() => ''));
      return {
        procsFile: join(dir, 'cgroup.procs'),
        oomKilled: async () => (await kills()) > 0,
        oomKills: kills,
        remove: () => rmdir(dir).catch(() => {}),
      };
    } catch (e) {
      attempts.push(`cgroup v2 at ${dir}: ${(e as Error).message}`);
    }
  }
  if (existsSync('/sys/fs/cgroup/memory/memory.limit_in_bytes') || existsSync('/sys/fs/cgroup/memory')) {
    const dir = join('/sys/fs/cgroup/memory', await ownCgroupPath('v1'), name);
    try {
      await mkdir(dir);
      await writeFile(join(dir, 'memory.limit_in_bytes'), String(limitBytes));
      await writeFile(join(dir, 'memory.memsw.limit_in_bytes'), String(limitBytes)).catch(() => {});
      const kills = async () => oomKillCount(await readFile(join(dir, 'memory.oom_control'), 'utf8').catch(() => ''));
      return {
        procsFile: join(dir, 'cgroup.procs'),
        oomKilled: async () => (await kills()) > 0,
        oomKills: kills,
        remove: () => rmdir(dir).catch(() => {}),
      };
    } catch (e) {
      attempts.push(`cgroup v1 at ${dir}: ${(e as Error).message}`);
    }
  }
  throw new Error(
    `--memory-limit needs a writable memory cgroup (run as root, or delegate one); tried: ${attempts.join('; ') || 'no memory controller found'}`,
  );
}
