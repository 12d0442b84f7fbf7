// Runs tools/kind-config-check (kind's own config types, decoded strictly) over kind config files.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const TOOL = fileURLToPath(new URL('../../../tools/kind-config-check', import.meta.url));

export function checkKindConfigs(files: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'go',
      ['run', '.', ...files],
      { cwd: TOOL, env: { ...process.env, CGO_ENABLED: '0' }, timeout: 300_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}
