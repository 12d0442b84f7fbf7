import test from 'ava';
import { ParamError, param, parseParam } from '../../src/workload/params.js';
import { buildPlan, parseSets, resolveWorkload } from '../../src/workload/resolve.js';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { parseVariantChoice } from '../../src/variants/variants.js';

const informerStorm = BUILT_IN.find((w) => w.name === 'informer-storm')!;

const ok: Array<
  [
    string,
    (
      | ReturnType<typeof param.int>
      | ReturnType<typeof param.bytes>
      | ReturnType<typeof param.duration>
      | ReturnType<typeof param.enum>
      | ReturnType<typeof param.bool>
    ),
    string,
    unknown,
  ]
> = [
  ['int', param.int('n', 1), '32', 32],
  ['int min 0', param.int('n', 1, { min: 0 }), '0', 0],
  ['bytes KiB', param.bytes('s', '1KiB'), '256KiB', 262144],
  ['bytes MB', param.bytes('s', '1KiB'), '1MB', 1_000_000],
  ['bytes plain', param.bytes('s', '1KiB'), '1000', 1000],
  ['duration s', param.duration('d', '1s'), '30s', 30_000],
  ['duration ms', param.duration('d', '1s'), '500ms', 500],
  ['duration m', param.duration('d', '1s'), '2m', 120_000],
  ['enum', param.enum('e', 'a', ['a', 'b']), 'b', 'b'],
  ['bool', param.bool('b', false), 'true', true],
];
for (const [name, spec, raw, expected] of ok) {
  test(`parseParam ${name}: ${raw}`, (t) => {
    t.is(parseParam('x', spec, raw), expected as never);
  });
}

const bad: Array<[string, ReturnType<typeof param.int> | ReturnType<typeof param.bytes> | ReturnType<typeof param.enum>, string, string]> =
  [
    ['negative int', param.int('n', 1), '-3', 'informers: expected an integer >= 1, got "-3"'],
    ['not an int', param.int('n', 1), '3.5', 'informers: expected an integer, got "3.5"'],
    ['over max', param.int('n', 1, { max: 10 }), '11', 'informers: expected an integer <= 10, got "11"'],
    ['bad size', param.bytes('s', '1KiB'), '12 parsecs', 'informers: expected a size like 256KiB, 1MiB or 1000, got "12 parsecs"'],
    ['bad enum', param.enum('e', 'a', ['a', 'b']), 'c', 'informers: expected one of a, b, got "c"'],
  ];
for (const [name, spec, raw, message] of bad) {
  test(`parseParam rejects ${name}`, (t) => {
    t.throws(() => parseParam('informers', spec, raw), { instanceOf: ParamError, message });
  });
}

test('--set names unknown keys and lists the known ones', (t) => {
  t.throws(() => parseSets(informerStorm, ['informerz=3']), {
    message: /--set informerz: informer-storm has no parameter "informerz" \(it has: informers, objects/,
  });
  t.throws(() => parseSets(informerStorm, ['informers']), { message: '--set "informers": expected key=value' });
});

test('resolveWorkload: defaults, then overrides, validated once', (t) => {
  const w = resolveWorkload(informerStorm, ['informers=32', 'objectSize=1MiB', 'churnPerSecond=0']);
  t.is(w.params.informers, 32);
  t.is(w.params.objects, 400);
  t.is(w.seed.objectBytes, 1024 * 1024);
  t.deepEqual(
    w.scenarios.map((s) => s.kind),
    ['informers'],
    'no churn scenario at rate 0',
  );
  t.throws(() => resolveWorkload(informerStorm, ['informers=0']), { message: 'informers: expected an integer >= 1, got "0"' });
});

test('buildPlan carries the variant client mode and the expected list size', (t) => {
  const w = resolveWorkload(informerStorm, ['objects=10', 'objectSize=1KiB']);
  t.is(buildPlan(w, 'legacy').clientMode, 'list-watch');
  t.is(buildPlan(w, 'streaming').clientMode, 'watchlist');
  t.is(buildPlan(w, 'streaming').expectedListBytes, 10 * 1024);
});

test('--variant accepts legacy, streaming, both and names a wrong one', (t) => {
  t.deepEqual(parseVariantChoice('both'), ['legacy', 'streaming']);
  t.deepEqual(parseVariantChoice('streaming'), ['streaming']);
  t.throws(() => parseVariantChoice('fast'), { message: /--variant: unknown variant "fast"/ });
});

test('every built-in workload resolves with its defaults', (t) => {
  for (const w of BUILT_IN) t.notThrows(() => resolveWorkload(w, []), w.name);
  t.deepEqual(BUILT_IN.map((w) => w.name).sort(), ['informer-storm', 'large-list', 'many-small', 'reconnect-storm']);
});
