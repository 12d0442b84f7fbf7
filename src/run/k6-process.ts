// Runs k6 on a compiled script, streaming its progress to the terminal.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import type { RunningTarget } from '../targets/target.js';

export interface K6Run {
  child: ChildProcess;
  /** the exit code; a signal is 128 + its number, as a shell reports it */
  done: Promise<number>;
  /** how k6 ended, for a reason line: "exit code 1" or "signal SIGKILL" */
  howEnded(): string;
  /** k6's last lines of output (empty when it wrote straight to the terminal) */
  lastLines(): string[];
  /** asks k6 to stop (it ends gracefully, writing its output) */
  interrupt(): void;
}

const TAIL_LINES = 10;

// k6 runs in ksb's process group; if ksb exits at once (a second Ctrl-C, or a signal sent to ksb alone), k6 goes too.
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** With `terminal`, k6 writes straight to this terminal, so its live progress bars render as k6 draws them. */
export function startK6(opts: {
  k6: string;
  script: string;
  jsonOut: string;
  env: Record<string, string>;
  label: string;
  log: (line: string) => void;
  terminal?: boolean;
  /** outputs the user added (--k6-out), passed after the project's own JSON output, which stays complete */
  extraOutputs?: { args: string[]; env: Record<string, string> };
}): K6Run {
  const args = ['run', '--no-usage-report', '--summary-mode=disabled', '--out', `json=${opts.jsonOut}`, ...(opts.extraOutputs?.args ?? [])];
  if (!process.stderr.isTTY) args.push('--quiet');
  args.push(opts.script);
  const child = spawn(opts.k6, args, {
    // On a terminal k6 gets it directly, so it can redraw its progress bars in place.
    stdio: opts.terminal ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    // Secrets go through the environment only, never on the command line (visible in ps) or in the script.
    env: { ...process.env, ...opts.extraOutputs?.env, ...opts.env, K6_AUTO_EXTENSION_RESOLUTION: 'false', K6_NO_USAGE_REPORT: 'true' },
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
        opts.log(`  [k6 ${opts.label}] ${l}`);
      });
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  let ended = '';
  const done = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
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

/** How the compiled script finds and authenticates to the target: environment only, never the script. */
export function k6TargetEnv(t: RunningTarget): Record<string, string> {
  const env: Record<string, string> = { KSB_TARGET_URL: t.url, KSB_INSECURE_SKIP_TLS_VERIFY: String(t.insecureSkipTLSVerify) };
  if (t.token) env.KSB_TOKEN = t.token;
  if (t.clientCert) {
    env.KSB_CLIENT_CERT = t.clientCert.certPem;
    env.KSB_CLIENT_KEY = t.clientCert.keyPem;
  }
  return env;
}
