// What a user gets: the packed tarball installed without dev dependencies into a project outside the repo,
// its `ksb` run from there on a workload file that imports the authoring API by the package's name.
import test from 'ava';
import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const USER_WORKLOAD = `import { defineWorkload, informers, param, clientFrom, clientParams } from 'kube-stream-bench';

export default defineWorkload({
  name: 'my-storm',
  description: 'a user workload in the user repository',
  params: { informers: param.int('informers', 2), ...clientParams },
  seed: () => ({ resource: 'configmaps', namespace: 'mine', count: 10, objectBytes: 2048 }),
  scenarios: (p) => [informers({ count: p.informers, resource: 'configmaps', namespace: 'mine', holdMs: 1000, client: clientFrom(p) })],
});
`;

test('the packed package installs with --omit=dev and runs a user workload on the mock', async (t) => {
  const dir = await tempDir(t, 'ksb-pack-');
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 64 << 20 });
  const [pack] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const files = pack!.files.map((f) => f.path);
  for (const must of [
    'LICENSE',
    'README.md',
    'dist/src/cli/main.js',
    'dist/src/workload/index.d.ts',
    'src/k6/scenarios.ts',
    'src/k6/kube.d.ts',
    'src/plan/plan.ts',
    'scripts/build-runner.sh',
    'runner/main.go',
    'runner/go.sum',
    'workloads/informer-storm.ts',
    'scripts/build-go-tool.sh',
    'tools/oci-pack/main.go',
    'tools/oci-pack/go.sum',
  ]) {
    t.true(files.includes(must), `the tarball ships ${must}`);
  }
  t.deepEqual(
    files.filter((f) => /^dist\/(test|bench)\/|_test\.go$|^test\//.test(f)),
    [],
    'no tests or benches in the tarball',
  );

  const project = join(dir, 'user-repo');
  await run('mkdir', ['-p', project]);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'user-repo', private: true, type: 'module' }));
  await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', join(dir, pack!.filename)], { cwd: project, maxBuffer: 64 << 20 });
  t.false((await readdir(join(project, 'node_modules'))).includes('ava'), 'dev dependencies stay out');
  const ksb = join(project, 'node_modules', '.bin', 'ksb');
  const env = { ...process.env, K6_AUTO_EXTENSION_RESOLUTION: 'false' };

  t.regex((await run(ksb, ['--help'], { cwd: project, env })).stdout, /Usage: ksb/);
  t.regex((await run(ksb, ['doctor'], { cwd: project, env })).stdout, /^engine\s+ksb-runner /m);
  await writeFile(join(project, 'my-storm.ts'), USER_WORKLOAD);
  await run(ksb, ['compile', 'my-storm.ts', '-o', 'my-storm.plan.json'], { cwd: project, env });
  await run(ksb, ['compile', 'my-storm.ts', '--engine', 'k6', '-o', 'my-storm.k6.js'], { cwd: project, env });
  const done = await run(ksb, ['run', 'my-storm.ts', '--target', 'mock', '--variant', 'streaming', '--reps', '1', '--out', 'results'], {
    cwd: project,
    env,
    maxBuffer: 64 << 20,
    timeout: 180_000,
  });
  t.regex(done.stdout + done.stderr, /clients: informers: client-go v0\.\d+\.\d+ in ksb-runner/);
  t.regex(done.stdout + done.stderr, /status: complete/);
});
