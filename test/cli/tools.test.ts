import test from 'ava';
import { execFile } from 'node:child_process';
import { appendFile, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scriptPath } from '../../src/tools/cache.js';
import { cachedK6Path, extensionDir, extensionHash, parseK6Version } from '../../src/tools/k6.js';
import { runKsb } from '../helpers/cli.js';

test('k6 version parsing', (t) => {
  t.is(parseK6Version('k6 v1.7.1 (go1.26.8, linux/amd64)'), 'v1.7.1');
  t.is(parseK6Version('k6-v1.7.1 v1.7.1 (go1.26.8, linux/amd64)'), 'v1.7.1');
  t.is(parseK6Version('nothing'), undefined);
});

test('without k6 and without Go, ksb run says what to install', async (t) => {
  const cache = await mkdtemp(join(tmpdir(), 'ksb-nogo-'));
  t.teardown(() => rm(cache, { recursive: true, force: true }));
  const r = await runKsb(['run', 'informer-storm', '--set', 'informers=1'], {
    env: { PATH: '/usr/bin:/bin', KSB_CACHE_DIR: cache, KSB_K6: '' },
  });
  t.not(r.code, 0);
  t.regex(r.stderr, /k6 v1\.7\.1 with k6\/x\/kube \([0-9a-f]{12}\) not built yet; building it from Go modules/);
  t.regex(r.stderr, /Go toolchain not found on PATH\. Install Go >= 1\.25/);
  t.regex(r.stderr, /ksb: k6 needs the Go toolchain to build: install Go >= 1\.25 and retry/);
});

test('ksb doctor lists the targets and the cache', async (t) => {
  const r = await runKsb(['doctor']);
  t.is(r.code, 0);
  for (const line of [
    /^node\s+v\d+/m,
    /^k6\s+/m,
    /^k6\/x\/kube\s+client-go extension, sources [0-9a-f]{12}/m,
    /^cache\s+/m,
    /^\s+mock\s+usable/m,
    /^\s+local\s+/m,
    /^\s+kind\s+/m,
    /^\s+kubeconfig\s+/m,
  ])
    t.regex(r.stdout, line);
});

test('the k6 build script and ksb agree on the extension hash, so a changed extension rebuilds', async (t) => {
  const { stdout } = await promisify(execFile)('bash', [scriptPath('install-k6.sh')], { env: { ...process.env } });
  t.is(stdout.trim(), cachedK6Path());
  t.regex(cachedK6Path(), new RegExp(`k6-v1\\.7\\.1-kube-${extensionHash()}$`));
  // Any change to the extension's sources changes the name.
  const dir = await mkdtemp(join(tmpdir(), 'ksb-ext-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  for (const f of ['go.mod', 'go.sum', 'module.go']) await copyFile(join(extensionDir(), f), join(dir, f));
  const before = extensionHash(dir);
  await writeFile(join(dir, 'module_test.go'), 'package kube\n');
  t.is(extensionHash(dir), before, 'test files do not count');
  await appendFile(join(dir, 'module.go'), '\n// changed\n');
  t.not(extensionHash(dir), before);
});
