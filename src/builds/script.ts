// Runs one of scripts/*.sh: its stderr lines (progress) go to `log` as they come, its stdout is returned.
import { spawn } from 'node:child_process';
import { scriptPath } from '../tools/cache.js';

/** A build script exited non-zero (3: no Go toolchain; 4: a build step failed). */
export class ScriptFailed extends Error {
  constructor(
    readonly script: string,
    readonly code: number | null,
  ) {
    super(`scripts/${script} failed (exit ${code})`);
  }
}

export function runScript(script: string, args: string[], log: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [scriptPath(script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let partial = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop() ?? '';
      lines.filter(Boolean).forEach(log);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (partial) log(partial);
      if (code === 0) resolve(out);
      else reject(new ScriptFailed(script, code));
    });
  });
}

export const NO_GO = 'needs the Go toolchain: install Go >= 1.25 (https://go.dev/doc/install) and retry';
