// kubectl against one target: a kubeconfig and a cache of its own, every command bounded in time.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestTarget } from '../../helpers/target.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Kubectl {
  run(args: string[], stdin?: string): Promise<Run>;
  /** Runs a watch, poking the target until `until` holds on the output (code 0), then stops it. */
  watch(args: string[], until: (stdout: string) => boolean, poke: () => Promise<void>): Promise<Run>;
  dir: string;
}

const COMMAND_TIMEOUT_MS = 60_000;

function kubeconfig(t: TestTarget): string {
  const cluster = [`    server: ${t.url}`];
  if (t.ca) cluster.push(`    certificate-authority-data: ${Buffer.from(t.ca).toString('base64')}`);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: target',
    '  cluster:',
    ...cluster,
    'users:',
    '- name: user',
    '  user:',
    `    token: ${t.token ?? 'unused'}`,
    'contexts:',
    '- name: target',
    '  context: {cluster: target, user: user}',
    'current-context: target',
    '',
  ].join('\n');
}

export async function kubectlFor(binary: string, target: TestTarget): Promise<Kubectl> {
  const dir = await mkdtemp(join(tmpdir(), `ksb-kubectl-${target.kind}-`));
  const config = join(dir, 'kubeconfig');
  await writeFile(config, kubeconfig(target), { mode: 0o600 });
  const env = { ...process.env, KUBECONFIG: config, HOME: dir, KUBECACHEDIR: join(dir, 'cache') };
  const start = (args: string[]) => spawn(binary, ['--request-timeout=30s', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const collect = (child: ReturnType<typeof start>, stdin?: string) => {
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (c: Buffer) => (out.stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out.stderr += c.toString()));
    child.stdin.end(stdin);
    return out;
  };
  const exited = (child: ReturnType<typeof start>, args: string[]) =>
    new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`kubectl ${args.join(' ')}: no exit within ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      child.on('error', reject);
      // 'close', not 'exit': at exit the last of stdout may still be unread (a failure seen under load).
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  return {
    dir,
    async run(args, stdin) {
      const child = start(args);
      const out = collect(child, stdin);
      const code = await exited(child, args);
      return { code, ...out };
    },
    async watch(args, until, poke) {
      const child = start(args);
      const out = collect(child);
      const done = exited(child, args);
      let ended = false;
      void done.then(
        () => (ended = true),
        () => (ended = true),
      );
      // A watch gives no sign that it is established, so the change is made again until the watch shows one
      // (each poke is a real change: with --watch-only, one made before the watch started is never printed).
      const deadline = Date.now() + COMMAND_TIMEOUT_MS / 2;
      while (!until(out.stdout) && !ended && Date.now() < deadline) {
        await poke();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 500);
          const check = () => {
            if (!until(out.stdout)) return;
            clearTimeout(timer);
            child.stdout.off('data', check);
            resolve();
          };
          child.stdout.on('data', check);
        });
      }
      const saw = until(out.stdout);
      child.kill('SIGTERM');
      const code = await done.catch(() => null);
      return { code: saw ? 0 : code, ...out };
    },
  };
}
