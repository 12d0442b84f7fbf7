// The heap profiler against small HTTP servers: a profile at each new RSS high and one after the load,
// written atomically under pprof/; a target that refuses profiling leaves a note, never a failed run.
import test from 'ava';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeapProfiler } from '../../src/collect/heap-profiler.js';
import type { RunningTarget } from '../../src/targets/target.js';

async function serve(status: number, t: { teardown(fn: () => void): void }): Promise<{ target: RunningTarget; hits: () => number }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    res.writeHead(req.url === '/debug/pprof/heap' ? status : 404).end(status === 200 ? `profile ${hits}` : 'denied');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const target = { url, insecureSkipTLSVerify: false, pids: {} } as unknown as RunningTarget;
  return { target, hits: () => hits };
}

test('a profile at each 5% RSS high and one after the load; the last high is the peak', async (t) => {
  const { target, hits } = await serve(200, t);
  const dir = await mkdtemp(join(tmpdir(), 'ksb-prof-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const profiler = new HeapProfiler(target, dir, 'legacy-rep1');
  profiler.observeRss(1000);
  await profiler.idle();
  profiler.observeRss(1020); // under 5% above the last profile: none
  await profiler.idle();
  profiler.observeRss(2000);
  const record = await profiler.after();
  t.is(hits(), 3, 'peak at 1000, new peak at 2000, after');
  t.deepEqual(record, { peak: 'pprof/legacy-rep1-peak.pb.gz', peakRssBytes: 2000, after: 'pprof/legacy-rep1-after.pb.gz' });
  t.is(await readFile(join(dir, record.peak!), 'utf8'), 'profile 2');
  t.is(await readFile(join(dir, record.after!), 'utf8'), 'profile 3');
});

for (const status of [403, 401, 404]) {
  test(`a target answering ${status} to /debug/pprof/heap gets a note, no file, and is not asked again`, async (t) => {
    const { target, hits } = await serve(status, t);
    const dir = await mkdtemp(join(tmpdir(), 'ksb-prof-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const profiler = new HeapProfiler(target, dir, 'streaming-rep2');
    profiler.observeRss(1000);
    await profiler.idle();
    profiler.observeRss(5000);
    const record = await profiler.after();
    t.is(hits(), 1);
    t.regex(record.note ?? '', new RegExp(String(status)));
    t.is(record.peak, undefined);
    t.false(existsSync(join(dir, 'pprof')));
  });
}
