// Finds a suitable k6, building the pinned one into the cache on first use.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, scriptPath } from './cache.js';

export const K6_VERSION = 'v1.7.1'; // matches @types/k6 ~1.7

const run = promisify(execFile);

/** "k6 v1.7.1 (go1.26, linux/amd64)" -> "v1.7.1" */
export function parseK6Version(text: string): string | undefined {
  return /\bv(\d+\.\d+\.\d+)/.exec(text)?.[0];
}

async function versionOf(bin: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(bin, ['version'], { timeout: 10_000 });
    return parseK6Version(stdout);
  } catch {
    return undefined;
  }
}

export function cachedK6Path(): string {
  return join(cacheDir(), 'bin', `k6-${K6_VERSION}`);
}

/** A k6 on PATH is used when its major.minor matches the pinned one. */
export async function findK6(): Promise<{ path: string; version: string } | undefined> {
  const override = process.env.KSB_K6;
  if (override) {
    const v = await versionOf(override);
    if (!v) throw new Error(`KSB_K6=${override} is not a runnable k6`);
    return { path: override, version: v };
  }
  const cached = cachedK6Path();
  if (existsSync(cached)) return { path: cached, version: K6_VERSION };
  const onPath = await versionOf('k6');
  const minor = (v: string) => v.split('.').slice(0, 2).join('.');
  if (onPath && minor(onPath) === minor(K6_VERSION)) return { path: 'k6', version: onPath };
  return undefined;
}

/** Returns a k6 binary, building it with `go install` (one time) when none is found. */
export async function ensureK6(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<{ path: string; version: string }> {
  const found = await findK6();
  if (found) return found;
  log(`k6 ${K6_VERSION} not found; building it from Go modules into ${join(cacheDir(), 'bin')} (one time, a few minutes)…`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [scriptPath('install-k6.sh')], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, K6_VERSION } });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(code === 3 ? 'k6 needs the Go toolchain to build: install Go >= 1.25 and retry' : `building k6 failed (exit ${code}); see the messages above`))));
  });
  return { path: cachedK6Path(), version: K6_VERSION };
}
