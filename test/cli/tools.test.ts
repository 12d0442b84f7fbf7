import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseK6Version } from '../../src/tools/k6.js';
import { runKsb } from '../helpers/cli.js';

test('k6 version parsing', (t) => {
  t.is(parseK6Version('k6 v1.7.1 (go1.26.8, linux/amd64)'), 'v1.7.1');
  t.is(parseK6Version('k6-v1.7.1 v1.7.1 (go1.26.8, linux/amd64)'), 'v1.7.1');
  t.is(parseK6Version('nothing'), undefined);
});

test('without k6 and without Go, ksb run says what to install', async (t) => {
  const cache = await mkdtemp(join(tmpdir(), 'ksb-nogo-'));
  t.teardown(() => rm(cache, { recursive: true, force: true }));
  const r = await runKsb(['run', 'informer-storm', '--set', 'informers=1'], { env: { PATH: '/usr/bin:/bin', KSB_CACHE_DIR: cache, KSB_K6: '' } });
  t.not(r.code, 0);
  t.regex(r.stderr, /k6 v1\.7\.1 not found; building it from Go modules/);
  t.regex(r.stderr, /Go toolchain not found on PATH\. Install Go >= 1\.25/);
  t.regex(r.stderr, /ksb: k6 needs the Go toolchain to build: install Go >= 1\.25 and retry/);
});

test('ksb doctor lists the targets and the cache', async (t) => {
  const r = await runKsb(['doctor']);
  t.is(r.code, 0);
  for (const line of [/^node\s+v\d+/m, /^k6\s+/m, /^cache\s+/m, /^\s+mock\s+usable/m, /^\s+local\s+/m, /^\s+kind\s+/m, /^\s+kubeconfig\s+/m]) t.regex(r.stdout, line);
});
