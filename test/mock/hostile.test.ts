// 10,000 seeded hostile requests, 8 at a time, against `ksb mock` in its own process: none may get a 5xx or
// hang, the process must be alive at the end, and its memory must stay bounded.
// KSB_HOSTILE_SEED=<n> replays another sequence; KSB_HOSTILE_REQUESTS=<n> changes the count.
import test from 'ava';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../bench/random.js';
import { hostileRequest, type HostileRequest } from './hostile-requests.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const SEED = Number(process.env.KSB_HOSTILE_SEED ?? 23);
const REQUESTS = Number(process.env.KSB_HOSTILE_REQUESTS ?? 10_000);
const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 20_000;
const MAX_RSS_GROWTH_MIB = 256;

function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) / 1024;
}

function send(agent: http.Agent, port: number, r: HostileRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { ...r.headers, ...(r.body ? { 'Content-Length': String(r.body.length) } : {}) };
    const req = http.request({ host: '127.0.0.1', port, agent, method: r.method, path: r.path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    // The server may answer (413) and close before a large body is sent: that is an answer, not an error.
    req.on('error', reject);
    req.end(r.body);
  });
}

test(`${REQUESTS} seeded hostile requests (${CONCURRENCY} at a time): no 5xx, no hang, the mock alive with bounded memory`, async (t) => {
  const child = spawn(process.execPath, [CLI, 'mock', '--port', '0', '--feature-gates', 'WatchList=true'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  t.teardown(() => void child.kill('SIGKILL'));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`ksb mock exited (${code}) before listening: ${stderr}`)));
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  t.teardown(() => agent.destroy());

  const rand = seededRandom(SEED);
  const requests = Array.from({ length: REQUESTS }, () => hostileRequest(rand));
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  let baseline = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      if (i === 200) baseline = rssMiB(child.pid!); // after warm-up: code compiled, pools allocated
      const r = requests[i]!;
      try {
        const status = await send(agent, port, r);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500 || status === 0) failures.push(`#${i} ${r.method} ${r.path}: ${status}`);
      } catch (e) {
        const message = (e as Error).message;
        // The server answers and closes before reading the whole body in two cases: a body over the limit (413) and
        // a target its HTTP parser refuses (a byte over 0x7e: 400). A client still sending sees the reset instead.
        const answeredEarly = r.body && (r.body.length > 3 * 1024 * 1024 || /[^\x21-\x7e]/.test(r.path));
        if (!(answeredEarly && /EPIPE|ECONNRESET|socket hang up/.test(message))) failures.push(`#${i} ${r.method} ${r.path}: ${message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const rss = rssMiB(child.pid!);
  t.log(`seed ${SEED}: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  t.log(`RSS ${baseline.toFixed(0)} MiB after warm-up, ${rss.toFixed(0)} MiB after ${REQUESTS} requests`);

  t.deepEqual(failures.slice(0, 20), [], `${failures.length} failures (seed ${SEED})`);
  t.is(child.exitCode, null, `the mock exited: ${stderr}`);
  t.is(await send(agent, port, { method: 'GET', path: '/healthz', headers: {} }), 200);
  t.true(rss - baseline < MAX_RSS_GROWTH_MIB, `RSS grew ${(rss - baseline).toFixed(0)} MiB (limit ${MAX_RSS_GROWTH_MIB})`);
  t.notRegex(stderr, /mock: 500/, 'no request was logged as an internal error');
});
