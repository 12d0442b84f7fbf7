// Starts a child process that announces "listening on <url>" on its first stdout line.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ListeningProcess {
  child: ChildProcess;
  url: string;
  pid: number;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
// Children in their own process group survive a terminal Ctrl-C long enough for us to stop them in order;
// if ksb itself goes away, take them with it.
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** Starts a child that prints "listening on <url>". With detached, it gets its own process group. */
export function spawnListening(
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; startTimeoutMs?: number; detached?: boolean } = {},
): Promise<ListeningProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
      detached: opts.detached ?? false,
    });
    live.add(child);
    child.on('exit', () => live.delete(child));
    let out = '';
    let err = '';
    const exited = new Promise<number | string>((res) => child.on('exit', (code, signal) => res(code ?? signal ?? 'unknown')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not announce its address within ${opts.startTimeoutMs ?? 15000} ms: ${err.slice(-500)}`));
    }, opts.startTimeoutMs ?? 15000);
    child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.resume();
      const stop = async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      };
      resolve({ child, url: m[1]!, pid: child.pid!, exited, stop });
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before listening: ${err.slice(-1000)}`));
    });
  });
}
