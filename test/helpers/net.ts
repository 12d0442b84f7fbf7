// Whether anything still listens on a loopback port: a plain TCP connect, which fails only when nothing does.
import { connect } from 'node:net';

export function portIsOpen(port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(true)); // accepted but silent still means something listens
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Waits for a process to exit, failing after timeoutMs instead of hanging the suite. */
export function exitWithin(
  child: { once(event: 'exit', cb: (code: number | null) => void): unknown; exitCode: number | null },
  timeoutMs: number,
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode); // it may have exited already
    const timer = setTimeout(() => reject(new Error(`no exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
