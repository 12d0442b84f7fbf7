import test from 'ava';
import { execFile } from 'node:child_process';
import { appendFile, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scriptPath } from '../../src/tools/cache.js';
import { parseK6Version } from '../../src/tools/k6.js';
import { cachedRunnerPath, goRequired, runnerDir, runnerHash } from '../../src/tools/runner.js';
import { runKsb } from '../helpers/cli.js';

test('k6 version parsing', (t) => {
  t.is(parseK6Version('k6 v1.7.1 (go1.26.8, linux/amd64)'), 'v1.7.1');
  t.is(parseK6Version('k6-v1.7.1 v1.7.1 (go1.26.8, linux/amd64)'), 'v1.7.1');
  t.is(parseK6Version('nothing'), undefined);
});

test('without the runner and without Go, ksb run says what to install', async (t) => {
  const cache = await mkdtemp(join(tmpdir(), 'ksb-nogo-'));
  t.teardown(() => rm(cache, { recursive: true, force: true }));
  const r = await runKsb(['run', 'informer-storm', '--set', 'informers=1'], {
    env: { PATH: '/usr/bin:/bin', KSB_CACHE_DIR: cache, KSB_RUNNER: '' },
  });
  t.not(r.code, 0);
  t.regex(r.stderr, /ksb-runner \([0-9a-f]{12}\) not built yet; building it from runner\//);
  const need = goRequired().replaceAll('.', '\\.');
  t.regex(r.stderr, new RegExp(`Go toolchain not found on PATH\\. Install Go >= ${need} `));
  t.regex(
    r.stderr,
    new RegExp(`ksb: ksb-runner needs Go >= ${need} to build \\(runner/go\\.mod; see the messages above\\): install it and retry`),
  );
});

test('with a Go older than runner/go.mod asks, ksb run names both versions instead of building', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-oldgo-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    join(dir, 'go'),
    '#!/bin/sh\n[ "$1" = version ] && echo "go version go1.25.0 linux/amd64" && exit 0\necho "fake go: $*" >&2\nexit 9\n',
    {
      mode: 0o755,
    },
  );
  const r = await runKsb(['run', 'informer-storm', '--set', 'informers=1'], {
    env: { PATH: `${dir}:/usr/bin:/bin`, KSB_CACHE_DIR: join(dir, 'cache'), KSB_RUNNER: '' },
  });
  t.is(r.code, 1, r.stderr);
  t.notRegex(r.stderr, /fake go:/, 'nothing was built with the old Go');
  const need = goRequired();
  t.true(r.stderr.includes(`[ksb] error: ${dir}/go is Go 1.25.0; kube-stream-bench needs Go >= ${need} (runner/go.mod).`), r.stderr);
  t.true(r.stderr.includes(`ksb: ksb-runner needs Go >= ${need} to build`), r.stderr);
});

test('--engine k6 without any k6 says how to point ksb at one, and exits 2', async (t) => {
  const r = await runKsb(['run', 'informer-storm', '--engine', 'k6', '--set', 'informers=1'], {
    env: { PATH: '/usr/bin:/bin', KSB_K6: '' },
  });
  t.is(r.code, 2, r.stderr);
  t.regex(r.stderr, /--engine k6: no k6 found \(--k6, KSB_K6, PATH\); install k6 yourself \(it is AGPL-3\.0/);
  const bad = await runKsb(['run', 'informer-storm', '--engine', 'k6', '--k6', '/nonexistent/k6']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--k6 \/nonexistent\/k6: not a runnable k6/);
  const engine = await runKsb(['run', 'informer-storm', '--engine', 'k7']);
  t.is(engine.code, 2);
  t.regex(engine.stderr, /--engine: expected runner or k6, got "k7"/);
});

test('ksb doctor lists the targets and the cache', async (t) => {
  const r = await runKsb(['doctor']);
  t.is(r.code, 0);
  for (const line of [
    /^node\s+v\d+/m,
    /^engine\s+ksb-runner \d+\.\d+\.\d+ \(go[\d.]+, client-go v0\.\d+\.\d+\)/m,
    /^k6\s+/m,
    /^cache\s+/m,
    /^\s+mock\s+usable/m,
    /^\s+local\s+/m,
    /^\s+kind\s+/m,
    /^\s+kubeconfig\s+/m,
  ])
    t.regex(r.stdout, line);
});

test('the runner build script and ksb agree on the source hash, so changed sources rebuild', async (t) => {
  const { stdout } = await promisify(execFile)('bash', [scriptPath('build-runner.sh')], { env: { ...process.env } });
  t.is(stdout.trim(), cachedRunnerPath());
  t.regex(cachedRunnerPath(), new RegExp(`ksb-runner-\\d+\\.\\d+\\.\\d+-${runnerHash()}$`));
  const dir = await mkdtemp(join(tmpdir(), 'ksb-runner-src-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  for (const f of ['go.mod', 'go.sum', 'main.go', 'version.go']) await copyFile(join(runnerDir(), f), join(dir, f));
  const before = runnerHash(dir);
  await writeFile(join(dir, 'main_test.go'), 'package main\n');
  t.is(runnerHash(dir), before, 'test files do not count');
  await appendFile(join(dir, 'main.go'), '\n// changed\n');
  t.not(runnerHash(dir), before);
});
