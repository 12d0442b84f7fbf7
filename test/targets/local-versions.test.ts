import test from 'ava';
import { parseKubeVersion, resolveGates } from '../../src/targets/local/versions.js';
import { VARIANTS } from '../../src/workload/variants.js';
import { runKsb } from '../helpers/cli.js';

const v = parseKubeVersion;
const legacy = VARIANTS.legacy!;
const streaming = VARIANTS.streaming!;

test('1.33 takes every streaming gate either way', (t) => {
  t.deepEqual(resolveGates(v('1.33.13'), legacy.gates, legacy.preferredGates, 'legacy'), {
    flag: { WatchList: false, StreamingCollectionEncodingToJSON: false, StreamingCollectionEncodingToProtobuf: false },
    locked: {},
  });
  t.deepEqual(resolveGates(v('1.33.13'), streaming.gates, streaming.preferredGates, 'streaming').flag, {
    WatchList: true,
    StreamingCollectionEncodingToJSON: true,
    StreamingCollectionEncodingToProtobuf: true,
  });
});

test('from 1.34 the encoding gates are locked on: the A/B varies WatchList and the client only', (t) => {
  const r = resolveGates(v('1.37.2'), legacy.gates, legacy.preferredGates, 'legacy');
  t.deepEqual(r.flag, { WatchList: false });
  t.deepEqual(r.locked, { StreamingCollectionEncodingToJSON: true, StreamingCollectionEncodingToProtobuf: true });
});

test('a required gate value the version cannot take fails with what to use', (t) => {
  t.throws(() => resolveGates(v('1.34.4'), { StreamingCollectionEncodingToJSON: false }, {}, 'legacy'), {
    message:
      'variant legacy needs StreamingCollectionEncodingToJSON=false, but kube-apiserver 1.34.4 has StreamingCollectionEncodingToJSON locked to true; use --kube-version 1.33.13 (the last release where it can be switched)',
  });
  t.throws(() => v('1.32.1'), { message: /supports 1\.33 and newer/ });
  t.throws(() => v('latest'), { message: '--kube-version: expected a release like 1.33.13, got "latest"' });
});

test('ksb run fails before starting anything when a variant asks for a locked gate', async (t) => {
  const r = await runKsb(
    [
      'run',
      'informer-storm',
      '--target',
      'local',
      '--kube-version',
      '1.35.4',
      '--feature-gates',
      'StreamingCollectionEncodingToJSON=false',
    ],
    { timeoutMs: 30_000 },
  );
  t.not(r.code, 0);
  t.regex(r.stderr, /has StreamingCollectionEncodingToJSON locked to true; use --kube-version 1\.33\.13/);
  t.notRegex(r.stderr, /starting local target|building/);
});
