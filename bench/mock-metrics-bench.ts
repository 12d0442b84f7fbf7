// npm run bench:mock-metrics — does the mock's /metrics answer while it is under load? `ksb mock` in its own
// process, 400 Secrets of 256 KiB (100 MiB); 16 informers (LIST, then WATCH from the list's resourceVersion)
// sync it, KSB_METRICS_ROUNDS times (3) with buffered and with streaming LIST encoding; meanwhile /metrics is scraped every 100 ms with the sampler's 5 s
// timeout. Prints scrape latency p50/p99/max and failures, per round and overall. Goal: no failure, p99 <= 1 s.
import http from 'node:http';
import { makeSeedObject, seedObjectName } from '../src/seed/object-factory.js';
import { startMockProcess } from '../src/targets/mock-process.js';

/** KSB_METRICS_OBJECTS scales the list down for a quick check; the figures in the README are at 400. */
const OBJECTS = Number(process.env.KSB_METRICS_OBJECTS ?? 400);
const OBJECT_BYTES = 256 * 1024;
const INFORMERS = 16;
const SCRAPE_INTERVAL_MS = 100;
const SCRAPE_TIMEOUT_MS = 5000;
const ROUNDS = Number(process.env.KSB_METRICS_ROUNDS ?? 3);
const MiB = 1024 * 1024;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function get(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { Accept: 'application/json' } }, (res) => {
      const keep: Buffer[] = [];
      res.on('data', (c: Buffer) => keep.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(keep).toString() }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

async function seed(url: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < OBJECTS) {
      const body = Buffer.from(JSON.stringify(makeSeedObject('secrets', seedObjectName(next++), OBJECT_BYTES)));
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          `${url}/api/v1/namespaces/default/secrets`,
          { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': body.length } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      if (status !== 201) throw new Error(`seed POST returned ${status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** One informer: LIST (the whole body read), then a WATCH from its resourceVersion, held until `stop`. Resolves when synced. */
async function informer(url: string, stop: Promise<void>): Promise<number> {
  const started = performance.now();
  // Only the list's resourceVersion is needed from the body; it comes in the first bytes.
  let head = '';
  const list = await new Promise<{ rv: string; bytes: number }>((resolve, reject) => {
    const req = http.get(`${url}/api/v1/namespaces/default/secrets`, { agent, headers: { Accept: 'application/json' } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (head.length < 512) head += c.toString('latin1', 0, Math.min(c.length, 512));
      });
      res.on('end', () => resolve({ rv: /"resourceVersion":"(\d+)"/.exec(head)?.[1] ?? '', bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  if (list.bytes < OBJECTS * OBJECT_BYTES) throw new Error(`LIST returned ${list.bytes} bytes`);
  const synced = performance.now() - started;
  const watch = http.get(`${url}/api/v1/namespaces/default/secrets?watch=1&resourceVersion=${list.rv}`, { agent }, (res) => res.resume());
  watch.on('error', () => undefined);
  void stop.then(() => watch.destroy());
  return synced;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;

interface Scrapes {
  latencies: number[];
  failures: string[];
}

function summary(label: string, s: Scrapes): string {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  const f = (ms: number) => `${ms.toFixed(0)} ms`;
  return `${label}: ${s.latencies.length + s.failures.length} scrapes, p50 ${f(percentile(sorted, 50))}, p99 ${f(percentile(sorted, 99))}, max ${f(sorted.at(-1) ?? NaN)}, failures ${s.failures.length}${s.failures.length ? ` (${[...new Set(s.failures)].join('; ')})` : ''}`;
}

async function main(): Promise<void> {
  // Both LIST encodings: buffered (the whole body built before it is written, as kube-apiserver without streaming
  // encoding) and streaming.
  for (const streaming of [false, true]) await storms(`StreamingCollectionEncodingToJSON=${streaming},WatchList=true`);
}

async function storms(featureGates: string): Promise<void> {
  const mock = await startMockProcess({ featureGates });
  console.log(`bench:mock-metrics — ksb mock --feature-gates ${featureGates} (pid ${mock.pid})`);
  try {
    console.log(`  seeding ${OBJECTS} Secrets × ${OBJECT_BYTES / 1024} KiB (${((OBJECTS * OBJECT_BYTES) / MiB).toFixed(0)} MiB)`);
    await seed(mock.url);
    const all: Scrapes = { latencies: [], failures: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      const scrapes: Scrapes = { latencies: [], failures: [] };
      let running = true;
      const scraper = (async () => {
        while (running) {
          const started = performance.now();
          try {
            const r = await get(`${mock.url}/metrics`, SCRAPE_TIMEOUT_MS);
            if (r.status !== 200 || !r.body.includes('apiserver_request_total')) scrapes.failures.push(`status ${r.status}`);
            else scrapes.latencies.push(performance.now() - started);
          } catch (e) {
            scrapes.failures.push((e as Error).message);
          }
          const wait = SCRAPE_INTERVAL_MS - (performance.now() - started);
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
      })();
      let release!: () => void;
      const stop = new Promise<void>((r) => (release = r));
      const started = performance.now();
      const syncs = Array.from({ length: INFORMERS }, () => informer(mock.url, stop));
      const times = await Promise.all(syncs);
      const allSynced = performance.now() - started;
      release();
      running = false;
      await scraper;
      all.latencies.push(...scrapes.latencies);
      all.failures.push(...scrapes.failures);
      console.log(
        `round ${round}: ${INFORMERS} informers synced in ${(allSynced / 1000).toFixed(1)} s (slowest ${(Math.max(...times) / 1000).toFixed(1)} s)`,
      );
      console.log(`  ${summary('/metrics', scrapes)}`);
    }
    console.log(summary('overall /metrics', all));
  } finally {
    await mock.stop();
    agent.destroy();
  }
}

await main();
