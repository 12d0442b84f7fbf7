import test from 'ava';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { startTcpBalancer, type BalancerEvent } from '../../src/targets/local/tcp-balancer.js';
import { waitFor } from '../helpers/wait.js';

interface Backend {
  port: number;
  server: Server;
  sockets: Set<Socket>;
}

/** A backend that greets each connection with its name, so a client sees where the balancer sent it. */
async function backend(name: string): Promise<Backend> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.write(name);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as { port: number }).port, server, sockets };
}

/** Connects through the balancer and returns the backend's greeting and the open socket. */
function dial(port: number): Promise<{ greeting: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('data', (d) => resolve({ greeting: d.toString(), socket }));
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('closed before the backend greeted')));
  });
}

const fast = { intervalMs: 20, fall: 2, rise: 2 };

async function setUp(names: string[]) {
  const backends = await Promise.all(names.map(backend));
  const healthy = new Map(backends.map((b) => [b.port, true]));
  const events: BalancerEvent[] = [];
  const lb = await startTcpBalancer({
    backends: backends.map((b) => b.port),
    check: (port) => Promise.resolve(healthy.get(port) ?? false),
    health: fast,
    onEvent: (e) => events.push(e),
  });
  const sockets: Socket[] = [];
  const greet = async () => {
    const c = await dial(lb.port);
    sockets.push(c.socket);
    return c.greeting;
  };
  const tearDown = async () => {
    sockets.forEach((s) => s.destroy());
    await lb.stop();
    for (const b of backends) {
      b.sockets.forEach((s) => s.destroy());
      b.server.close();
    }
  };
  return { backends, healthy, events, lb, greet, tearDown };
}

test('round-robin: connections go to the backends in turn, each counted', async (t) => {
  const s = await setUp(['a', 'b', 'c']);
  const seen: string[] = [];
  for (let i = 0; i < 6; i++) seen.push(await s.greet());
  t.deepEqual(seen, ['a', 'b', 'c', 'a', 'b', 'c']);
  t.deepEqual(s.lb.accepted, [2, 2, 2]);
  await s.tearDown();
});

test('a backend failing its health checks is out of rotation until it passes them again', async (t) => {
  const s = await setUp(['a', 'b', 'c']);
  s.healthy.set(s.backends[1]!.port, false);
  await waitFor(() => s.events.some((e) => e.backend === 1 && e.kind === 'backend-down'), { timeoutMs: 5000, what: 'b marked down' });
  t.false(s.lb.up[1]);
  const whileDown: string[] = [];
  for (let i = 0; i < 4; i++) whileDown.push(await s.greet());
  t.false(whileDown.includes('b'));
  s.healthy.set(s.backends[1]!.port, true);
  await waitFor(() => s.events.some((e) => e.backend === 1 && e.kind === 'backend-up'), { timeoutMs: 5000, what: 'b back up' });
  const afterwards: string[] = [];
  for (let i = 0; i < 3; i++) afterwards.push(await s.greet());
  t.deepEqual([...afterwards].sort(), ['a', 'b', 'c']);
  t.deepEqual(
    s.events.map((e) => `${e.backend} ${e.kind}`),
    ['1 backend-down', '1 backend-up'],
  );
  await s.tearDown();
});

test('one failed check does not take a backend out (fall 2)', async (t) => {
  let calls = 0;
  const b = await backend('a');
  const events: BalancerEvent[] = [];
  const lb = await startTcpBalancer({
    backends: [b.port],
    // fails every other check: never two in a row
    check: () => Promise.resolve(calls++ % 2 === 0),
    health: fast,
    onEvent: (e) => events.push(e),
  });
  await waitFor(() => calls >= 10, { timeoutMs: 5000, what: 'ten checks' });
  t.deepEqual(events, []);
  t.true(lb.up[0]);
  await lb.stop();
  b.server.close();
});

test("a killed backend's connections are closed; new ones go to the others", async (t) => {
  const s = await setUp(['a', 'b']);
  const first = await dial(s.lb.port);
  t.is(first.greeting, 'a');
  const closed = new Promise<void>((r) => first.socket.once('close', () => r()));
  // the process dies: the kernel resets its connections and nothing listens on its port any more
  s.backends[0]!.server.close();
  s.backends[0]!.sockets.forEach((x) => x.resetAndDestroy());
  await closed;
  t.true(first.socket.destroyed);
  // before the health checks notice, a connection refused by the dead backend is redispatched to the next one
  t.is(await s.greet(), 'b');
  t.is(await s.greet(), 'b');
  await s.tearDown();
});

test('with no backend up, a connection is closed at once', async (t) => {
  const s = await setUp(['a']);
  s.healthy.set(s.backends[0]!.port, false);
  await waitFor(() => s.lb.up[0] === false, { timeoutMs: 5000, what: 'a marked down' });
  await t.throwsAsync(() => s.greet(), { message: /closed before the backend greeted/ });
  await s.tearDown();
});
