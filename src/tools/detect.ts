// What this machine has: versions of the tools the targets need.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** First line of `cmd args` output, or undefined when the command is missing or fails. */
export async function commandOutput(cmd: string, args: string[], timeoutMs = 10_000): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run(cmd, args, { timeout: timeoutMs });
    return (stdout || stderr).trim();
  } catch {
    return undefined;
  }
}

export async function goVersion(): Promise<string | undefined> {
  return /go\d+\.\d+(\.\d+)?/.exec((await commandOutput('go', ['version'])) ?? '')?.[0];
}

/** Whether a container engine answers (not just its client being installed). */
export async function containerEngine(): Promise<{ ok: true; engine: string } | { ok: false; why: string }> {
  for (const engine of ['docker', 'podman', 'nerdctl']) {
    const client = await commandOutput(engine, ['--version']);
    if (!client) continue;
    const server = await commandOutput(engine, ['info', '--format', '{{.ServerVersion}}'], 15_000);
    if (server) return { ok: true, engine };
    return { ok: false, why: `${engine} client found but its engine does not answer (\`${engine} info\` failed)` };
  }
  return { ok: false, why: 'no container engine (docker, podman or nerdctl) found' };
}
