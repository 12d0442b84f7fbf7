// npm run bench:mock — the mock's own figures, measured side by side in one run:
//  1. peak RSS growth under 16 concurrent LISTs of a ~100 MB list, buffered vs streaming encoding, in JSON and protobuf
//  2. streaming LIST throughput relative to a plain node:http server writing the same bytes, in JSON and protobuf
//  3. objects created per second through POST (10 KB objects)
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readProcMemory } from '../src/collect/proc-status.js';
import { makeSeedObject, seedObjectName } from '../src/seed/object-factory.js';
import { startMockProcess } from '../src/targets/mock-process.js';
import { spawnListening } from '../src/targets/spawn-listening.js';

const MiB = 1024 * 1024;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const ACCEPT = { json: 'application/json', protobuf: 'application/vnd.kubernetes.protobuf' } as const;
type Encoding = keyof typeof ACCEPT;
const STREAMING_GATE: Record<Encoding, string> = {
  json: 'StreamingCollectionEncodingToJSON',
  protobuf: 'StreamingCollectionEncodingToProtobuf',
};

function request(
  url: string,
  method = 'GET',
  body?: Buffer,
  encoding: Encoding = 'json',
): Promise<{ status: number; bytes: number; body?: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { Accept: ACCEPT[encoding] };
    if (body) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    const req = http.request(url, { method, agent, headers }, (res) => {
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

async function listStorm(url: string, concurrent: number, encoding: Encoding): Promise<number> {
  const results = await Promise.all(
    Array.from({ length: concurrent }, () => request(`${url}/api/v1/secrets?resourceVersion=0`, 'GET', undefined, encoding)),
  );
  return results.reduce((s, r) => s + r.bytes, 0);
}

async function throughputMBps(url: string, rounds: number, encoding: Encoding): Promise<number> {
  await request(url, 'GET', undefined, encoding); // warm up
  const started = performance.now();
  let bytes = 0;
  for (let i = 0; i < rounds; i++) bytes += (await request(url, 'GET', undefined, encoding)).bytes;
  return bytes / MiB / ((performance.now() - started) / 1000);
}

/** Buffered vs streaming growth and streaming throughput for one encoding. */
async function encodingFigures(encoding: Encoding, objects: number, objectBytes: number, concurrent: number): Promise<void> {
  console.log(`${encoding}:`);
  const growth: Record<string, number> = {};
  for (const mode of ['buffered', 'streaming'] as const) {
    const mock = await startMockProcess({ featureGates: `${STREAMING_GATE[encoding]}=${mode === 'streaming'}` });
    try {
      await seed(mock.url, objects, objectBytes);
      // One LIST first: the protobuf path builds each object's bytes once and keeps them, as JSON keeps its own.
      await request(`${mock.url}/api/v1/secrets?resourceVersion=0`, 'GET', undefined, encoding);
      growth[mode] = await peakGrowth(mock.pid, () => listStorm(mock.url, concurrent, encoding));
      console.log(`  ${mode.padEnd(9)} peak RSS growth: ${(growth[mode] / MiB).toFixed(1).padStart(7)} MiB`);
      if (mode === 'streaming') await throughputAgainstPlain(mock.url, encoding);
    } finally {
      await mock.stop();
    }
  }
  const ratio = growth.buffered! / Math.max(growth.streaming!, 1);
  console.log(`  streaming used ${ratio.toFixed(1)}× less peak memory than buffered (goal >= 10×; streaming growth goal < 64 MiB)\n`);
}

/** The mock's streaming LIST throughput next to a plain node:http server writing the same bytes. */
async function throughputAgainstPlain(mockUrl: string, encoding: Encoding): Promise<void> {
  keepBodies = true;
  const listBody = (await request(`${mockUrl}/api/v1/secrets?resourceVersion=0`, 'GET', undefined, encoding)).body!;
  keepBodies = false;
  const dir = mkdtempSync(join(tmpdir(), 'ksb-bench-'));
  const bodyFile = join(dir, `list.${encoding}`);
  writeFileSync(bodyFile, listBody);
  const plain = await spawnListening(process.execPath, [fileURLToPath(new URL('./plain-server.js', import.meta.url)), bodyFile]);
  try {
    const rounds = 8;
    const plainRate = await throughputMBps(`${plain.url}/`, rounds, encoding);
    const mockRate = await throughputMBps(`${mockUrl}/api/v1/secrets?resourceVersion=0`, rounds, encoding);
    console.log(
      `  streaming LIST: ${mockRate.toFixed(0)} MiB/s; plain node:http writing the same ${(listBody.length / MiB).toFixed(0)} MiB: ${plainRate.toFixed(0)} MiB/s`,
    );
    console.log(`  throughput ratio mock/plain: ${(mockRate / plainRate).toFixed(2)} (goal >= 0.5)`);
  } finally {
    await plain.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const objects = Number(process.env.KSB_BENCH_OBJECTS ?? 400);
  const objectBytes = Number(process.env.KSB_BENCH_OBJECT_BYTES ?? 256 * 1024);
  const concurrent = 16;
  console.log(
    `bench:mock — ${concurrent} concurrent LISTs of ${objects} × ${Math.round(objectBytes / 1024)} KiB secrets (~${Math.round((objects * objectBytes) / MiB)} MiB per list)\n`,
  );

  for (const encoding of ['json', 'protobuf'] as const) await encodingFigures(encoding, objects, objectBytes, concurrent);

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
