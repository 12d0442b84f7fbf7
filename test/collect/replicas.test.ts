// Several apiservers behind one address: a direct /metrics scrape reaches a different one from time to time, and
// the run says so. Two real mock apiserver processes behind a round-robin HTTP proxy (per request, as an L7 load
// balancer does), sampled through a kubeconfig.
import test from 'ava';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { replicaWarning } from '../../src/collect/replicas.js';
import { runKsb, startKsb } from '../helpers/cli.js';
import { kubeconfigYaml } from '../helpers/kubeconfig.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

test('replicaWarning: one process, no warning; two, a warning naming both start times and the way out', (t) => {
  t.is(replicaWarning([], 'x'), undefined);
  t.is(replicaWarning([1_700_000_000], 'x'), undefined);
  t.is(
    replicaWarning([1_700_000_000, 1_700_000_001.5], 'legacy rep 1'),
    'legacy rep 1: /metrics answered from 2 apiserver processes (process_start_time_seconds 2023-11-14T22:13:20.000Z, 2023-11-14T22:13:21.500Z): several replicas behind one address, or a restart; the memory and CPU figures from /metrics mix them. Pass --prometheus-url to read each replica through Prometheus',
  );
});

async function mock(t: { teardown(f: () => void): void }): Promise<string> {
  const { child, firstLine } = await startKsb(['mock', '--port', '0']);
  t.teardown(() => child.kill('SIGKILL'));
  return /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(firstLine)![1]!;
}

function roundRobin(backends: string[]): Promise<string> {
  let next = 0;
  const server = createServer((req, res) => {
    const to = new URL(req.url ?? '/', backends[next++ % backends.length]);
    const up = request(to, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  ).then((url) => {
    server.unref();
    return url as string;
  });
}

const startTime = async (url: string) => /^process_start_time_seconds (\S+)$/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1];

async function collect(
  t: Parameters<typeof tempDir>[0],
  server: string,
): Promise<{ code: number | null; stderr: string; run: Record<string, unknown> }> {
  const dir = await tempDir(t, 'ksb-replicas-');
  await writeFile(join(dir, 'config'), kubeconfigYaml({ server, context: 'lb' }));
  const r = await runKsb(['collect', '--kubeconfig', join(dir, 'config'), '--duration', '2s', '--out', join(dir, 'results')]);
  if (r.code !== 0) throw new Error(`ksb collect exited ${r.code}: ${r.stderr}`);
  const [id] = await readdir(join(dir, 'results'));
  return {
    code: r.code,
    stderr: r.stderr,
    run: JSON.parse(await readFile(join(dir, 'results', id!, 'run.json'), 'utf8')) as Record<string, unknown>,
  };
}

test('ksb collect through a load balancer over two apiservers warns in run.json and on stderr; one apiserver does not', async (t) => {
  const a = await mock(t);
  // process_start_time_seconds has whole seconds: the second mock starts once the clock has passed the first's.
  const first = await startTime(a);
  await waitFor(() => Date.now() / 1000 >= Number(first) + 1, { timeoutMs: 5000, what: 'the next second' });
  const b = await mock(t);
  t.not(await startTime(a), await startTime(b), 'two processes, two start times');
  const lb = await roundRobin([a, b]);

  const mixed = await collect(t, lb);
  t.is(mixed.code, 0, mixed.stderr);
  const warnings = mixed.run.warnings as string[];
  t.is(warnings.length, 1);
  t.regex(
    warnings[0]!,
    new RegExp(
      `^${lb}: /metrics answered from 2 apiserver processes \\(process_start_time_seconds .*\\): several replicas behind one address`,
    ),
  );
  t.true(mixed.stderr.includes(`warning: ${warnings[0]}`));

  const single = await collect(t, a);
  t.is(single.code, 0, single.stderr);
  t.deepEqual(single.run.warnings, []);
});
