// Finds ksb-runner (the project's client-go load engine, runner/), building it from source into the cache on first use.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cacheDir, scriptPath } from './cache.js';

const run = promisify(execFile);

/** What run.json records as the engine: the runner reports it itself (`ksb-runner version --json`). */
export interface EngineInfo {
  name: string;
  version: string;
  go?: string;
  client_go?: string;
  platform?: string;
  path: string;
}

export function runnerDir(): string {
  return fileURLToPath(new URL('../../../runner/', import.meta.url));
}

function runnerVersion(dir = runnerDir()): string {
  return /^var runnerVersion = "([^"]+)"$/m.exec(readFileSync(join(dir, 'version.go'), 'utf8'))?.[1] ?? '0.0.0';
}

/** The Go ksb-runner needs: runner/go.mod's `go` line, the one place it is stated (scripts/lib.sh reads it too). */
export function goRequired(dir = runnerDir()): string {
  const v = /^go (\d+\.\d+(?:\.\d+)?)$/m.exec(readFileSync(join(dir, 'go.mod'), 'utf8'))?.[1];
  if (!v) throw new Error(`${join(dir, 'go.mod')} has no \`go\` line`);
  return v;
}

/** The hash scripts/build-runner.sh puts in the binary's name: go.mod, go.sum and non-test Go files, in byte order. */
export function runnerHash(dir = runnerDir()): string {
  const files = readdirSync(dir)
    .filter((f) => f === 'go.mod' || f === 'go.sum' || (f.endsWith('.go') && !f.endsWith('_test.go')))
    .sort();
  const h = createHash('sha256');
  for (const f of files) h.update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

export function cachedRunnerPath(): string {
  return join(cacheDir(), 'bin', `ksb-runner-${runnerVersion()}-${runnerHash()}`);
}

/** Asks a runner binary who it is; undefined when it does not answer as ksb-runner. */
async function describeRunner(path: string): Promise<EngineInfo | undefined> {
  try {
    const { stdout } = await run(path, ['version', '--json'], { timeout: 10_000 });
    const info = JSON.parse(stdout) as Omit<EngineInfo, 'path'>;
    return info.name === 'ksb-runner' ? { ...info, path } : undefined;
  } catch {
    return undefined;
  }
}

/** The cached build for the current sources; KSB_RUNNER overrides (a runner built elsewhere, e.g. in an image). */
export async function findRunner(): Promise<EngineInfo | undefined> {
  const override = process.env.KSB_RUNNER;
  if (override) {
    const info = await describeRunner(override);
    if (!info) throw new Error(`KSB_RUNNER=${override} is not a runnable ksb-runner (\`${override} version --json\` failed)`);
    return info;
  }
  const cached = cachedRunnerPath();
  return existsSync(cached) ? describeRunner(cached) : undefined;
}

/** Returns the runner, building it with Go (one time) when none is found. */
export async function ensureRunner(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<EngineInfo> {
  const found = await findRunner();
  if (found) return found;
  log(`ksb-runner (${runnerHash()}) not built yet; building it from runner/ into ${join(cacheDir(), 'bin')} (one time, a minute or two)…`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [scriptPath('build-runner.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              code === 3
                ? `ksb-runner needs Go >= ${goRequired()} to build (runner/go.mod; see the messages above): install it and retry`
                : `building ksb-runner failed (exit ${code}); see the messages above`,
            ),
          ),
    );
  });
  const built = await describeRunner(cachedRunnerPath());
  if (!built) throw new Error(`ksb-runner was built at ${cachedRunnerPath()} but does not answer \`version --json\``);
  return built;
}
