// A loopback L4 load balancer for several kube-apiservers, behaving as kubeadm's HA guide configures haproxy: TCP
// pass-through (TLS ends at the apiservers), round-robin over the healthy backends, a health check on each backend
// (GET /readyz over TLS, certificate not verified), a backend out after `fall` failed checks and back after `rise`
// good ones, and one redispatch to the next backend when a connection cannot be made. Used where haproxy cannot be had.
import { request } from 'node:https';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface BalancerEvent {
  /** epoch ms */
  at: number;
  backend: number;
  kind: 'backend-down' | 'backend-up';
}

export interface HealthOptions {
  /** between checks of one backend (haproxy's `inter`) */
  intervalMs: number;
  /** failed checks in a row that take a backend out */
  fall: number;
  /** good checks in a row that bring it back */
  rise: number;
}

/** kubeadm's guide checks every 10 s; a benchmark whose failures unfold within seconds checks every second. */
export const HEALTH: HealthOptions = { intervalMs: 1000, fall: 2, rise: 2 };

export interface TcpBalancer {
  port: number;
  /** connections accepted per backend since the start */
  readonly accepted: number[];
  /** whether each backend is in rotation now */
  readonly up: boolean[];
  stop(): Promise<void>;
}

interface BalancerOptions {
  backends: number[];
  /** a backend's health: true when ready (default: GET https://127.0.0.1:<port>/readyz answers 200) */
  check?: (port: number) => Promise<boolean>;
  health?: HealthOptions;
  onEvent?: (e: BalancerEvent) => void;
}

const CHECK_TIMEOUT_MS = 2000;

/** GET /readyz over TLS without verifying the certificate, as haproxy's `check-ssl verify none`. */
function readyzCheck(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/readyz', method: 'GET', rejectUnauthorized: false, timeout: CHECK_TIMEOUT_MS, agent: false },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

export async function startTcpBalancer(o: BalancerOptions): Promise<TcpBalancer> {
  const health = o.health ?? HEALTH;
  const check = o.check ?? readyzCheck;
  const n = o.backends.length;
  const up = o.backends.map(() => true);
  const streak = o.backends.map(() => 0);
  const accepted = o.backends.map(() => 0);
  const open = new Set<Socket>();
  let next = 0;
  let stopped = false;

  /** The next backend in rotation after the last one picked, skipping `except`; undefined when none is up. */
  const pick = (except?: number): number | undefined => {
    for (let i = 0; i < n; i++) {
      const b = (next + i) % n;
      if (up[b] && b !== except) {
        next = (b + 1) % n;
        return b;
      }
    }
    return undefined;
  };

  const connect = (client: Socket, backend: number | undefined, redispatched: boolean) => {
    if (backend === undefined) {
      client.destroy();
      return;
    }
    const server = createConnection({ host: '127.0.0.1', port: o.backends[backend]! });
    open.add(server);
    let connected = false;
    server.once('connect', () => {
      connected = true;
      accepted[backend]!++;
      client.pipe(server);
      server.pipe(client);
      client.resume();
    });
    server.on('error', () => {
      if (!connected && !redispatched && !client.destroyed) connect(client, pick(backend), true);
      else client.destroy();
    });
    // A backend that goes away (killed, stopped) takes its clients' connections with it, as the kernel does.
    server.on('close', () => {
      open.delete(server);
      if (connected) client.destroy();
    });
    client.on('close', () => server.destroy());
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    connect(client, pick(), false);
  });

  const timers: NodeJS.Timeout[] = [];
  o.backends.forEach((port, b) => {
    let busy = false;
    timers.push(
      setInterval(() => {
        if (busy || stopped) return;
        busy = true;
        void check(port)
          .catch(() => false)
          .then((ok) => {
            busy = false;
            if (stopped) return;
            // streak counts checks that disagree with the backend's state; enough of them in a row flip it.
            streak[b] = ok === up[b] ? 0 : streak[b]! + 1;
            if (streak[b] >= (up[b] ? health.fall : health.rise)) {
              up[b] = !up[b];
              streak[b] = 0;
              o.onEvent?.({ at: Date.now(), backend: b, kind: up[b] ? 'backend-up' : 'backend-down' });
            }
          });
      }, health.intervalMs),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    accepted,
    up,
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
