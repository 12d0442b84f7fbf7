import test from 'ava';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort, lostItsPort } from '../../src/targets/local/ports.js';

const ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

test('freePort picks a port below the kernel ephemeral range, one a server can bind', async (t) => {
  for (let i = 0; i < 20; i++) {
    const port = await freePort();
    t.true(port >= 10_000 && port < ephemeralLow, `port ${port} outside [10000, ${ephemeralLow})`);
    const s = createServer();
    await new Promise<void>((resolve, reject) => {
      s.on('error', reject);
      s.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((r) => s.close(r));
  }
});

test('lostItsPort knows the Go listener error kube-apiserver and etcd log', (t) => {
  t.true(
    lostItsPort(
      'E1201 20:16:06.780810   16130 run.go:72] "command failed" err="failed to create listener: failed to listen on 127.0.0.1:43677: listen tcp 127.0.0.1:43677: bind: address already in use"',
    ),
  );
  t.true(lostItsPort('{"level":"fatal","msg":"discovery failed","error":"listen tcp 127.0.0.1:2379: bind: address already in use"}'));
  t.false(lostItsPort('kube-apiserver 1.36.3 refused its flags: unrecognized feature gate: Foo'));
});
