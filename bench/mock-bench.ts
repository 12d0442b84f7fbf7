// npm run bench:mock — the mock's own figures, measured side by side in one run:
//  1. peak RSS growth under 16 concurrent LISTs of a ~100 MB list, buffered vs streaming encoding
//  2. streaming LIST throughput relative to a plain node:http server writing the same bytes
//  3. objects created per second through POST (10 KB objects)
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readProcMemory } from '../src/collect/proc-status.js';
import { makeSeedObject, seedObjectName } from '../src/seed/object-factory.js';
import { startMockProcess } from '../src/targets/mock-process.js';
import { spawnListening, type ListeningProcess } from '../src/targets/spawn-listening.js';

const MiB = 1024 * 1024;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(url: string, method = 'GET', body?: Buffer): Promise<{ status: number; bytes: number; body?: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: body ? { 'Content-Type': 'application/json', 'Content-Length': body.length } : {} }, (res) => {
      let bytes = 0;
      const keep: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (method !== 'GET' || keepBodies) keep.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, body: keep.length ? Buffer.concat(keep) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
let keepBodies = false;

async function seed(url: string, count: number, bytes: number, concurrency = 32, firstIndex = 0): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = firstIndex + next++;
      const body = Buffer.from(JSON.stringify(makeSeedObject('secrets', seedObjectName(i), bytes)));
      const r = await request(`${url}/api/v1/namespaces/default/secrets`, 'POST', body);
      if (r.status !== 201) throw new Error(`seed POST returned ${r.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - started) / 1000);
}

/** Peak RSS growth of pid over a baseline taken just before `work` runs. */
async function peakGrowth(pid: number, work: () => Promise<unknown>): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const baseline = (await readProcMemory(pid))!.vmRSSBytes;
  let peak = baseline;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const m = await readProcMemory(pid);
      if (m) peak = Math.max(peak, m.vmRSSBytes);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await work();
  sampling = false;
  await sampler;
  return peak - baseline;
}

async function listStorm(url: string, concurrent: number): Promise<number> {
  const results = await Promise.all(Array.from({ length: concurrent }, () => request(`${url}/api/v1/secrets?resourceVersion=0`)));
  return results.reduce((s, r) => s + r.bytes, 0);
}

async function throughputMBps(url: string, rounds: number): Promise<number> {
  await request(url); // warm up
  const started = performance.now();
  let bytes = 0;
  for (let i = 0; i < rounds; i++) bytes += (await request(url)).bytes;
  return bytes / MiB / ((performance.now() - started) / 1000);
}

async function main() {
  const objects = Number(process.env.KSB_BENCH_OBJECTS ?? 400);
  const objectBytes = Number(process.env.KSB_BENCH_OBJECT_BYTES ?? 256 * 1024);
  const concurrent = 16;
  console.log(`bench:mock — ${concurrent} concurrent LISTs of ${objects} × ${Math.round(objectBytes / 1024)} KiB secrets (~${Math.round((objects * objectBytes) / MiB)} MiB per list)\n`);

  const growth: Record<string, number> = {};
  let listBody: Buffer | undefined;
  let streamingMock: ListeningProcess | undefined;
  for (const mode of ['buffered', 'streaming'] as const) {
    const mock = await startMockProcess({ featureGates: `StreamingCollectionEncodingToJSON=${mode === 'streaming'}` });
    try {
      await seed(mock.url, objects, objectBytes);
      const listed = await peakGrowth(mock.pid, () => listStorm(mock.url, concurrent));
      growth[mode] = listed;
      console.log(`  ${mode.padEnd(9)} peak RSS growth: ${(listed / MiB).toFixed(1).padStart(7)} MiB`);
      if (mode === 'streaming') {
        keepBodies = true;
        listBody = (await request(`${mock.url}/api/v1/secrets?resourceVersion=0`)).body;
        keepBodies = false;
        streamingMock = mock;
        await seed(mock.url, objects, objectBytes, 32, objects);
        const doubled = await peakGrowth(mock.pid, () => listStorm(mock.url, concurrent));
        console.log(`  streaming peak RSS growth with the list doubled (~${Math.round((2 * objects * objectBytes) / MiB)} MiB): ${(doubled / MiB).toFixed(1)} MiB`);
      }
    } finally {
      if (mode !== 'streaming') await mock.stop();
    }
  }
  const ratio = growth.buffered! / Math.max(growth.streaming!, 1);
  console.log(`  streaming used ${ratio.toFixed(1)}× less peak memory than buffered (goal >= 10×; streaming growth goal < 64 MiB)\n`);

  const dir = mkdtempSync(join(tmpdir(), 'ksb-bench-'));
  const bodyFile = join(dir, 'list.json');
  writeFileSync(bodyFile, listBody!);
  const plain = await spawnListening(process.execPath, [fileURLToPath(new URL('./plain-server.js', import.meta.url)), bodyFile]);
  try {
    const rounds = 8;
    const plainRate = await throughputMBps(`${plain.url}/`, rounds);
    const mockRate = await throughputMBps(`${streamingMock!.url}/api/v1/secrets?resourceVersion=0`, rounds);
    console.log(`  streaming LIST: ${mockRate.toFixed(0)} MiB/s; plain node:http writing the same ${(listBody!.length / MiB).toFixed(0)} MiB: ${plainRate.toFixed(0)} MiB/s`);
    console.log(`  throughput ratio mock/plain: ${(mockRate / plainRate).toFixed(2)} (goal >= 0.5)\n`);
  } finally {
    await plain.stop();
    await streamingMock!.stop();
  }

  const fresh = await startMockProcess({ featureGates: '' });
  try {
    await seed(fresh.url, 500, 10 * 1024); // warm-up
    const rate = await seed(fresh.url, 5000, 10 * 1024, 32, 500);
    console.log(`  POST 10 KiB objects: ${rate.toFixed(0)} objects/s (goal >= 2000/s)`);
  } finally {
    await fresh.stop();
  }
  agent.destroy();
}

main().catch((e) => {
  console.error(`bench:mock failed: ${(e as Error).stack}`);
  process.exit(1);
});
