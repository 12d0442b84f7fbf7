import test from 'ava';
import { startupRefusal } from '../../src/targets/local/apiserver.js';
import { gatePlanFor, parseEmulatedVersion, parseKubeVersion, type EmulationChoice } from '../../src/targets/versions.js';
import { VARIANTS } from '../../src/variants/variants.js';
import { runKsb } from '../helpers/cli.js';

const v = parseKubeVersion;
const legacy = VARIANTS.legacy!;
const streaming = VARIANTS.streaming!;
const auto: EmulationChoice = { kind: 'auto' };
const ab = [legacy, streaming];
const ENCODING_OFF = { StreamingCollectionEncodingToJSON: false, StreamingCollectionEncodingToProtobuf: false };
const ENCODING_ON = { StreamingCollectionEncodingToJSON: true, StreamingCollectionEncodingToProtobuf: true };

test('1.33 takes every streaming gate either way, natively', (t) => {
  const plan = gatePlanFor(v('1.33.13'), auto, ab);
  t.is(plan.emulatedVersion, undefined);
  t.deepEqual(plan.gates.get('legacy'), { flag: { WatchList: false, ...ENCODING_OFF }, locked: {} });
  t.deepEqual(plan.gates.get('streaming')!.flag, { WatchList: true, ...ENCODING_ON });
});

for (const release of ['1.34.10', '1.35.4', '1.36.3']) {
  test(`${release} runs the full A/B by emulating 1.33, both variants alike`, (t) => {
    const plan = gatePlanFor(v(release), auto, ab);
    t.is(plan.emulatedVersion, '1.33');
    t.regex(
      plan.why!,
      new RegExp(
        `variant legacy asks StreamingCollectionEncodingToJSON=false, locked to true in ${release.replace(/\./g, '\\.')}: every variant runs with --emulated-version 1\\.33`,
      ),
    );
    t.deepEqual(plan.gates.get('legacy')!.flag, { WatchList: false, ...ENCODING_OFF });
    t.deepEqual(plan.gates.get('streaming')!.flag, { WatchList: true, ...ENCODING_ON });
  });
}

test('a streaming-only run on 1.34 needs no emulation: nothing it asks is locked', (t) => {
  const plan = gatePlanFor(v('1.34.10'), auto, [streaming]);
  t.is(plan.emulatedVersion, undefined);
  t.deepEqual(plan.gates.get('streaming'), { flag: { WatchList: true }, locked: ENCODING_ON });
});

test('--emulated-version off runs the binary as released: the A/B varies WatchList and the client only', (t) => {
  const plan = gatePlanFor(v('1.34.10'), parseEmulatedVersion('off'), ab);
  t.is(plan.emulatedVersion, undefined);
  t.deepEqual(plan.gates.get('legacy'), { flag: { WatchList: false }, locked: ENCODING_ON });
});

test('1.37 cannot emulate 1.33 and no longer knows the encoding gates: WatchList and the client only', (t) => {
  const plan = gatePlanFor(v('1.37.2'), auto, ab);
  t.is(plan.emulatedVersion, undefined);
  t.deepEqual(plan.gates.get('legacy'), { flag: { WatchList: false }, locked: ENCODING_ON });
  // Even when emulating a version where they were still gates, the removed gates are not passed.
  t.deepEqual(gatePlanFor(v('1.37.2'), parseEmulatedVersion('1.34'), ab).gates.get('streaming')!.flag, { WatchList: true });
});

test('a required gate the binary cannot switch names the window and the releases that can', (t) => {
  t.throws(() => gatePlanFor(v('1.37.2'), auto, ab, { StreamingCollectionEncodingToJSON: false }), {
    message:
      'variant legacy needs StreamingCollectionEncodingToJSON=false, but kube-apiserver 1.37.2 has StreamingCollectionEncodingToJSON locked to true; kube-apiserver 1.37.2 emulates 1.34–1.37 only; use --kube-version 1.36.3 (emulating 1.33) or 1.33.13, the newest releases that can still switch it',
  });
  t.throws(() => gatePlanFor(v('1.35.4'), parseEmulatedVersion('1.34'), ab, { StreamingCollectionEncodingToJSON: false }), {
    message:
      'variant legacy needs StreamingCollectionEncodingToJSON=false, but kube-apiserver 1.35.4 emulating 1.34 has StreamingCollectionEncodingToJSON locked to true; use --emulated-version 1.33 (or leave it to auto), or --kube-version 1.33.13',
  });
});

test('--emulated-version: the shape and the window are checked before anything starts', (t) => {
  t.deepEqual(parseEmulatedVersion('1.33'), { kind: 'minor', minor: 33 });
  t.throws(() => parseEmulatedVersion('1.33.1'), {
    message: '--emulated-version: expected major.minor like 1.33, or auto, or off; got "1.33.1"',
  });
  t.throws(() => parseEmulatedVersion('v1.33'), { message: /expected major\.minor/ });
  t.throws(() => gatePlanFor(v('1.37.2'), parseEmulatedVersion('1.33'), ab), {
    message: '--emulated-version 1.33: kube-apiserver 1.37.2 emulates 1.34 to 1.37 (its --emulated-version window)',
  });
  t.throws(() => gatePlanFor(v('1.34.10'), parseEmulatedVersion('1.35'), ab), { message: /emulates 1\.31 to 1\.34/ });
  t.throws(() => v('1.32.1'), { message: /supports 1\.33 and newer/ });
  t.throws(() => v('latest'), { message: '--kube-version: expected a release like 1.33.13, got "latest"' });
});

test("the apiserver's own refusal is found in its log, in one line", (t) => {
  const log = [
    'I1127 13:00:00.000000   123 flags.go:64] FLAG: --emulated-version="1.33"',
    'E1127 13:00:00.100000   123 run.go:72] "command failed" err="emulation version 1.33 is not between [1.34, 1.37.0]"',
  ].join('\n');
  t.is(startupRefusal(log), '"command failed" err="emulation version 1.33 is not between [1.34, 1.37.0]"');
  t.is(
    startupRefusal('Error: unrecognized feature gate: StreamingCollectionEncodingToJSON\n'),
    'unrecognized feature gate: StreamingCollectionEncodingToJSON',
  );
  t.is(startupRefusal('I1127 all good\n'), undefined);
});

test('ksb run fails before starting anything when an emulation version is outside the window or malformed', async (t) => {
  const outside = await runKsb(['run', 'informer-storm', '--target', 'local', '--kube-version', '1.37.2', '--emulated-version', '1.33'], {
    timeoutMs: 30_000,
  });
  t.not(outside.code, 0, outside.stderr);
  t.regex(outside.stderr, /--emulated-version 1\.33: kube-apiserver 1\.37\.2 emulates 1\.34 to 1\.37/);
  t.notRegex(outside.stderr, /starting local target|building|at Object|\n\s+at /);
  const bad = await runKsb(['run', 'informer-storm', '--target', 'local', '--emulated-version', 'latest'], { timeoutMs: 30_000 });
  t.not(bad.code, 0);
  t.regex(bad.stderr, /--emulated-version: expected major\.minor like 1\.33/);
  const mock = await runKsb(['run', 'informer-storm', '--emulated-version', '1.33'], { timeoutMs: 30_000 });
  t.not(mock.code, 0);
  t.regex(mock.stderr, /--emulated-version applies to the local and kind targets/);
});

test('a release the module proxy does not serve names the releases it lists', async (t) => {
  const r = await runKsb(['target', 'install', 'local', '--kube-version', '1.35.7'], { timeoutMs: 120_000 });
  t.not(r.code, 0);
  t.regex(r.stderr, /k8s\.io\/kubernetes@v1\.35\.7 is not served by the Go module proxy; releases from 1\.33 it lists: .*v1\.3[3-9]\.\d+/);
});
