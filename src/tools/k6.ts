// Finds the project's k6 (the pinned k6 with the k6/x/kube extension), building it into the cache on first use.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

export function extensionDir(): string {
  return fileURLToPath(new URL('../../../xk6-kube/', import.meta.url));
}

/** The hash scripts/install-k6.sh puts in the binary's name: go.mod, go.sum and non-test Go files, in byte order. */
export function extensionHash(dir = extensionDir()): string {
  const files = readdirSync(dir)
    .filter((f) => f === 'go.mod' || f === 'go.sum' || (f.endsWith('.go') && !f.endsWith('_test.go')))
    .sort();
  const h = createHash('sha256');
  for (const f of files) h.update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

export function cachedK6Path(): string {
  return join(cacheDir(), 'bin', `k6-${K6_VERSION}-kube-${extensionHash()}`);
}

export interface FoundK6 {
  path: string;
  version: string;
  /** the k6/x/kube build (its source hash), or "KSB_K6" when the user chose the binary */
  extension: string;
  /** the client-go the extension is built with, from xk6-kube/go.mod */
  clientGo: string;
}

function clientGoVersion(dir = extensionDir()): string {
  return /^\s*k8s\.io\/client-go\s+(v\S+)/m.exec(readFileSync(join(dir, 'go.mod'), 'utf8'))?.[1] ?? 'unknown';
}

/** The cached build for the current extension sources; KSB_K6 overrides (it must include k6/x/kube for client-go workloads). */
export async function findK6(): Promise<FoundK6 | undefined> {
  const override = process.env.KSB_K6;
  if (override) {
    const v = await versionOf(override);
    if (!v) throw new Error(`KSB_K6=${override} is not a runnable k6`);
    return { path: override, version: v, extension: 'KSB_K6', clientGo: clientGoVersion() };
  }
  const cached = cachedK6Path();
  if (existsSync(cached)) return { path: cached, version: K6_VERSION, extension: extensionHash(), clientGo: clientGoVersion() };
  return undefined;
}

/** Returns a k6 binary, building it with `go install` (one time) when none is found. */
export async function ensureK6(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<FoundK6> {
  const found = await findK6();
  if (found) return found;
  log(
    `k6 ${K6_VERSION} with k6/x/kube (${extensionHash()}) not built yet; building it from Go modules into ${join(cacheDir(), 'bin')} (one time, a few minutes)…`,
  );
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [scriptPath('install-k6.sh')], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, K6_VERSION },
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              code === 3
                ? 'k6 needs the Go toolchain to build: install Go >= 1.25 and retry'
                : `building k6 failed (exit ${code}); see the messages above`,
            ),
          ),
    );
  });
  return { path: cachedK6Path(), version: K6_VERSION, extension: extensionHash(), clientGo: clientGoVersion() };
}
