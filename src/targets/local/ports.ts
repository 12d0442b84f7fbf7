// A free TCP port on 127.0.0.1, for processes that cannot be told to pick their own and report it (etcd,
// kube-apiserver). The port is chosen below the kernel's ephemeral range: a port the kernel hands out for a
// `listen(0)` or an outgoing connection could be taken by any process between this check and the server's bind,
// and on a busy machine (CI lanes side by side) that happened. Below the range only another explicit pick can clash.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 10_000;

function readEphemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > LOWEST + 1000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const s = createServer();
    s.unref();
    s.on('error', () => resolve(undefined));
    s.listen(port, '127.0.0.1', () => {
      const bound = (s.address() as { port: number }).port;
      s.close(() => resolve(bound));
    });
  });
}

let ephemeralLow: number | undefined;

export async function freePort(): Promise<number> {
  const high = (ephemeralLow ??= readEphemeralLow());
  for (let i = 0; i < 50; i++) {
    const port = await tryListen(LOWEST + Math.floor(Math.random() * (high - LOWEST)));
    if (port !== undefined) return port;
  }
  const any = await tryListen(0);
  if (any === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return any;
}

/** The log line of a server that lost its port to another process, as Go's net package words it. */
export function lostItsPort(message: string): boolean {
  return /bind: address already in use/.test(message);
}
