// The load balancer in front of a replicated local target: haproxy configured as kubeadm's HA guide shows (TCP mode,
// round-robin, an HTTPS /readyz check without certificate verification, a failed backend out until healthy) where
// its binary can be had, else the built-in TCP balancer with the same behaviour. Both report each backend going
// out of rotation and back, and the connections each backend was given.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { startGroupProcess } from './process-group.js';
import { waitReady } from './readiness.js';
import { HEALTH, startTcpBalancer, type BalancerEvent } from './tcp-balancer.js';

export interface LoadBalancer {
  kind: 'haproxy' | 'built-in';
  port: number;
  /** connections given to each backend so far */
  connections(): Promise<number[]>;
  stop(): Promise<void>;
}

interface LoadBalancerOptions {
  /** the apiservers' ports */
  backends: number[];
  /** haproxy's binary; the built-in balancer runs without it */
  haproxy?: string;
  /** where haproxy's config and log go */
  dir: string;
  onEvent: (e: BalancerEvent) => void;
}

/** haproxy from PATH or Debian's place for it; undefined where it is not installed. */
export function findHaproxy(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin'];
  return dirs
    .filter((d) => d !== '')
    .map((d) => join(d, 'haproxy'))
    .find((p) => existsSync(p));
}

export async function startLoadBalancer(o: LoadBalancerOptions): Promise<LoadBalancer> {
  if (o.haproxy) return startHaproxy(o, o.haproxy);
  const lb = await startTcpBalancer({ backends: o.backends, onEvent: o.onEvent });
  return { kind: 'built-in', port: lb.port, connections: () => Promise.resolve([...lb.accepted]), stop: () => lb.stop() };
}

/**
 * kubeadm's haproxy.cfg, with two changes for a benchmark: checks every second (not 10 s), as failures here unfold
 * within seconds; and client/server timeouts of an hour (not 35 s), so an idle watch is not cut by the balancer.
 */
export function haproxyConfig(port: number, statsPort: number, backends: number[]): string {
  const h = HEALTH;
  return [
    'global',
    '  maxconn 4000',
    'defaults',
    '  mode tcp',
    '  option redispatch',
    '  retries 1',
    '  timeout connect 5s',
    '  timeout client 1h',
    '  timeout server 1h',
    '  timeout check 2s',
    'frontend apiserver',
    `  bind 127.0.0.1:${port}`,
    '  default_backend apiservers',
    'backend apiservers',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    `  default-server check check-ssl verify none inter ${h.intervalMs}ms fall ${h.fall} rise ${h.rise}`,
    ...backends.map((p, i) => `  server a${i} 127.0.0.1:${p}`),
    'listen stats',
    '  mode http',
    `  bind 127.0.0.1:${statsPort}`,
    '  stats enable',
    '  stats uri /stats',
    '',
  ].join('\n');
}

interface BackendStat {
  up: boolean;
  /** sessions given to it so far (stot) */
  sessions: number;
}

/** The apiserver backends' rows of haproxy's CSV statistics, in server order (a0, a1, …). */
export function parseHaproxyStats(csv: string): BackendStat[] {
  const lines = csv.trim().split('\n');
  const header = lines[0]!.replace(/^# /, '').split(',');
  const col = (name: string) => header.indexOf(name);
  const rows = lines.slice(1).map((l) => l.split(','));
  return rows
    .filter((r) => r[col('pxname')] === 'apiservers' && /^a\d+$/.test(r[col('svname')] ?? ''))
    .sort((a, b) => Number(a[col('svname')]!.slice(1)) - Number(b[col('svname')]!.slice(1)))
    .map((r) => ({ up: (r[col('status')] ?? '').startsWith('UP'), sessions: Number(r[col('stot')] ?? 0) }));
}

const POLL_MS = 250;

async function startHaproxy(o: LoadBalancerOptions, binary: string): Promise<LoadBalancer> {
  const port = await freePort();
  const statsPort = await freePort();
  const config = join(o.dir, 'haproxy.cfg');
  const logFile = join(o.dir, 'haproxy.log');
  await writeFile(config, haproxyConfig(port, statsPort, o.backends));
  const proc = startGroupProcess(binary, ['-db', '-f', config], logFile);
  const stats = async () => {
    const res = await fetch(`http://127.0.0.1:${statsPort}/stats;csv`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) throw new Error(`haproxy stats: HTTP ${res.status}`);
    return parseHaproxyStats(await res.text());
  };
  try {
    await waitReady('haproxy', async () => (await stats()).length === o.backends.length, proc.exited, logFile, 30_000);
  } catch (e) {
    await proc.stop();
    throw e;
  }
  const last = (await stats()).map((s) => s.up);
  let busy = false;
  const poller = setInterval(() => {
    if (busy) return;
    busy = true;
    stats()
      .then((now) =>
        now.forEach((s, backend) => {
          if (s.up !== last[backend]) o.onEvent({ at: Date.now(), backend, kind: s.up ? 'backend-up' : 'backend-down' });
          last[backend] = s.up;
        }),
      )
      .catch(() => {})
      .finally(() => (busy = false));
  }, POLL_MS);
  return {
    kind: 'haproxy',
    port,
    connections: async () => (await stats()).map((s) => s.sessions),
    async stop() {
      clearInterval(poller);
      await proc.stop(2000);
    },
  };
}
