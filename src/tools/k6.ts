// k6 is AGPL-3.0: the project never builds, downloads or links it. `--engine k6` runs the compiled script with a
// k6 the user installed: --k6 <path>, then KSB_K6, then k6 on PATH.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { InputError } from '../errors/input-error.js';

const run = promisify(execFile);

/** "k6 v1.7.1 (go1.26, linux/amd64)" -> "v1.7.1" */
export function parseK6Version(text: string): string | undefined {
  return /\bv(\d+\.\d+\.\d+)/.exec(text)?.[0];
}

export interface FoundK6 {
  path: string;
  version: string;
  /** where the path came from */
  from: '--k6' | 'KSB_K6' | 'PATH';
}

async function versionOf(bin: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(bin, ['version'], { timeout: 10_000 });
    return parseK6Version(stdout);
  } catch {
    return undefined;
  }
}

const HOW = 'install k6 yourself (it is AGPL-3.0, so kube-stream-bench does not build it) and pass --k6 <path> or set KSB_K6';

/** The user's k6, or undefined when there is none anywhere. A path given but not runnable is an error naming it. */
export async function findK6(flag?: string): Promise<FoundK6 | undefined> {
  const chosen: Array<[string | undefined, FoundK6['from']]> = [
    [flag, '--k6'],
    [process.env.KSB_K6, 'KSB_K6'],
  ];
  for (const [path, from] of chosen) {
    if (!path) continue;
    const version = await versionOf(path);
    if (!version) throw new InputError(`${from} ${path}: not a runnable k6 (\`${path} version\` failed); ${HOW}`);
    return { path, version, from };
  }
  const version = await versionOf('k6');
  return version ? { path: 'k6', version, from: 'PATH' } : undefined;
}

export async function requireK6(flag?: string): Promise<FoundK6> {
  const k6 = await findK6(flag);
  if (!k6) throw new InputError(`--engine k6: no k6 found (--k6, KSB_K6, PATH); ${HOW}, or use the default engine (--engine runner)`);
  return k6;
}
