// Waiting for a control-plane process to serve: polled until a check passes, failing early (with the end of its
// log) when the process exits first.
import { readFile } from 'node:fs/promises';

async function tail(file: string, lines = 25): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-lines).join('\n');
}

export async function waitReady(
  what: string,
  check: () => Promise<boolean>,
  exited: Promise<string>,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  let ended: string | undefined;
  void exited.then((why) => (ended = why));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (ended) throw new Error(`${what} exited (${ended}) before it was ready; last lines of ${logFile}:\n${await tail(logFile)}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} was not ready after ${timeoutMs / 1000} s; last lines of ${logFile}:\n${await tail(logFile)}`);
}
