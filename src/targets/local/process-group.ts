// Long-running control-plane processes: each in its own process group (a terminal Ctrl-C does not reach it;
// stop() ends the whole group), output to a log file, killed with ksb if ksb itself exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

export interface GroupProcess {
  pid: number;
  /** resolves with "exit code N" or "signal SIGKILL" when the process ends */
  exited: Promise<string>;
  /** resolves as `exited` does, but only when the process ended without stop() (a crash, an OOM kill) */
  crashed: Promise<string>;
  /** SIGTERM to the group, SIGKILL after graceMs (default 10 s) */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) {
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** With a cgroup, the process joins it before exec, so the limit holds from its first allocation. */
export function startGroupProcess(command: string, args: string[], logFile: string, cgroupProcs?: string): GroupProcess {
  const fd = openSync(logFile, 'a');
  const [cmd, argv] = cgroupProcs ? ['sh', ['-c', 'echo $$ > "$0" && exec "$@"', cgroupProcs, command, ...args]] : [command, args];
  const child = spawn(cmd, argv, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  live.add(child);
  const exited = new Promise<string>((resolve) =>
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve(signal ? `signal ${signal}` : `exit code ${code}`);
    }),
  );
  let stopping = false;
  const crashed = new Promise<string>((resolve) => void exited.then((why) => stopping || resolve(why)));
  const stop = async (graceMs = 10_000) => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }, graceMs);
    await exited;
    clearTimeout(killer);
  };
  return { pid: child.pid!, exited, crashed, stop };
}
