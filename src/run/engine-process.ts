// Runs the load engine (ksb-runner on a plan, or a user's k6 on a script) as a child process, relaying its output.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConnection, type RunningTarget } from '../targets/target.js';

export interface EngineRun {
  child: ChildProcess;
  /** the exit code; a signal is 128 + its number, as a shell reports it */
  done: Promise<number>;
  /** how the engine ended, for a reason line: "exit code 1" or "signal SIGKILL" */
  howEnded(): string;
  /** the engine's last lines of output (empty when it wrote straight to the terminal) */
  lastLines(): string[];
  /** asks the engine to stop (it ends gracefully, writing its output) */
  interrupt(): void;
}

const TAIL_LINES = 10;

// The engine runs in ksb's process group; if ksb exits at once (a second Ctrl-C, or a signal sent to ksb alone), it goes too.
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

export interface EngineCommand {
  bin: string;
  args: string[];
  /** added to ksb's environment; the target's credentials travel here, never on the command line (visible in ps) */
  env: Record<string, string>;
  /** the engine's name in relayed lines: "[runner streaming 1/3] …" */
  name: string;
}

/** ksb-runner on a plan: its observations go to `out` as JSON lines. */
export function runnerCommand(bin: string, plan: string, out: string, env: Record<string, string>, memoryBudget?: number): EngineCommand {
  const args = ['run', '--plan', plan, '--out', out];
  if (memoryBudget) args.push('--memory-budget', String(memoryBudget));
  return { bin, args, env, name: 'runner' };
}

/** A user's k6 on a compiled script: k6's JSON output is where requests.csv is read from. */
export function k6Command(
  bin: string,
  script: string,
  jsonOut: string,
  env: Record<string, string>,
  extraOutputs?: { args: string[]; env: Record<string, string> },
): EngineCommand {
  const args = ['run', '--no-usage-report', '--summary-mode=disabled', '--out', `json=${jsonOut}`, ...(extraOutputs?.args ?? [])];
  if (!process.stderr.isTTY) args.push('--quiet');
  args.push(script);
  return {
    bin,
    args,
    name: 'k6',
    env: { ...extraOutputs?.env, ...env, K6_AUTO_EXTENSION_RESOLUTION: 'false', K6_NO_USAGE_REPORT: 'true' },
  };
}

/** With `terminal`, the engine writes straight to this terminal, so k6's live progress bars render as it draws them. */
export function startEngine(cmd: EngineCommand, opts: { label: string; log: (line: string) => void; terminal?: boolean }): EngineRun {
  const child = spawn(cmd.bin, cmd.args, {
    stdio: opts.terminal ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...cmd.env },
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  const tail: string[] = [];
  const relay = (chunk: Buffer) =>
    chunk
      .toString()
      .split(/[\r\n]+/)
      .filter((l) => l.trim())
      .forEach((l) => {
        tail.push(l);
        if (tail.length > TAIL_LINES) tail.shift();
        opts.log(`  [${cmd.name} ${opts.label}] ${l}`);
      });
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  let ended = '';
  const done = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    // 'close', not 'exit': the engine's last lines (a reason such as its memory budget) are relayed by then.
    child.on('close', (code, signal) => {
      ended = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve(code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 1));
    });
  });
  let interrupted = false;
  return {
    child,
    done,
    howEnded: () => ended,
    lastLines: () => [...tail],
    interrupt() {
      if (interrupted || child.exitCode !== null) return;
      interrupted = true;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
    },
  };
}

/** How the engine finds and authenticates to the target: environment only, never the plan or the script. */
export function engineTargetEnv(target: RunningTarget): Record<string, string> {
  // The load's own identity where the target made one (local: a user API Priority and Fairness does not exempt).
  const t = loadConnection(target);
  const env: Record<string, string> = { KSB_TARGET_URL: t.url, KSB_INSECURE_SKIP_TLS_VERIFY: String(t.insecureSkipTLSVerify) };
  if (t.token) env.KSB_TOKEN = t.token;
  if (t.clientCert) {
    env.KSB_CLIENT_CERT = t.clientCert.certPem;
    env.KSB_CLIENT_KEY = t.clientCert.keyPem;
  }
  return env;
}

/**
 * KSB_CA_FILE for an engine that verifies the server's certificate: the target's CA, written to a private temporary
 * directory (never the run directory) that `remove` deletes once the engine has ended. Nothing where the target has no
 * CA of its own (the system's roots verify it) or says to skip verification.
 */
export async function caFileEnv(target: RunningTarget): Promise<{ env: Record<string, string>; remove: () => Promise<void> }> {
  const t = loadConnection(target);
  if (!t.caPem || t.insecureSkipTLSVerify || t.url.startsWith('http:')) return { env: {}, remove: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'ksb-engine-'));
  const file = join(dir, 'ca.pem');
  await writeFile(file, t.caPem, { mode: 0o600 });
  return { env: { KSB_CA_FILE: file }, remove: () => rm(dir, { recursive: true, force: true }) };
}
