// git, run the way ksb needs it on someone else's checkout: no optional locks (so reading never rewrites the
// index), no hooks (a checkout of ksb's own must not run the user's post-checkout), errors that say which command.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export async function git(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout } = await exec('git', ['-C', dir, '-c', 'core.hooksPath=/dev/null', ...args], {
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', ...env },
      maxBuffer: 64 << 20,
    });
    return stdout.trim();
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new Error('git not found on PATH: building from a Kubernetes checkout needs git', { cause: e });
    const last = err.stderr?.trim().split('\n').pop();
    throw new Error(`git ${args.join(' ')} in ${dir} failed: ${last || err.message}`, { cause: e });
  }
}
