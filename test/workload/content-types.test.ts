import test from 'ava';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abPairs, contentPairs, crossContentTypes, parseContentTypes, variantNamed } from '../../src/variants/variants.js';
import { buildPlan, resolveWorkload } from '../../src/workload/resolve.js';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { mockTarget } from '../../src/targets/mock-target.js';
import { formatContentMatrix } from '../../src/run/content-matrix.js';
import { pairsFor } from '../../src/compare/comparison.js';
import { loadRun } from '../../src/results/load-run.js';
import { repWithPeak } from '../helpers/figures.js';
import { fakeRun } from '../helpers/fake-run.js';
import { runKsb } from '../helpers/cli.js';
import { newManifest } from '../../src/results/manifest.js';

const workload = (name: string) => BUILT_IN.find((w) => w.name === name)!;

test('cells of the content-type axis: the variant, the encoding, and CBORServingAndStorage for cbor', (t) => {
  const cbor = variantNamed('streaming@cbor')!;
  t.is(cbor.clientMode, 'watchlist');
  t.is(cbor.contentType, 'cbor');
  t.deepEqual(cbor.gates, { WatchList: true, CBORServingAndStorage: true });
  t.deepEqual(variantNamed('legacy@json')!.gates, { WatchList: false });
  t.is(variantNamed('legacy')!.contentType, undefined);
  for (const bad of ['legacy@yaml', 'fast@json', 'legacy@json@cbor', 'legacy@']) t.is(variantNamed(bad), undefined, bad);
});

test('--content-types: parsed, crossed in interleaved A/B order, bad lists named', (t) => {
  t.deepEqual(crossContentTypes(['legacy', 'streaming'], parseContentTypes('json, cbor')), [
    'legacy@json',
    'streaming@json',
    'legacy@cbor',
    'streaming@cbor',
  ]);
  t.throws(() => parseContentTypes('json,yaml'), {
    message: /--content-types: expected a comma list of json, protobuf, cbor, got "json,yaml"/,
  });
  t.throws(() => parseContentTypes('json,json'), { message: /names a content type twice/ });
  t.throws(() => parseContentTypes(''), { message: /--content-types/ });
});

test('pairs: A/B within each encoding, then each encoding against the first within a variant', (t) => {
  const cells = crossContentTypes(['legacy', 'streaming'], ['json', 'protobuf', 'cbor']);
  t.deepEqual(abPairs(cells), [
    ['legacy@json', 'streaming@json'],
    ['legacy@protobuf', 'streaming@protobuf'],
    ['legacy@cbor', 'streaming@cbor'],
  ]);
  t.deepEqual(contentPairs(cells), [
    ['legacy@json', 'legacy@protobuf'],
    ['legacy@json', 'legacy@cbor'],
    ['streaming@json', 'streaming@protobuf'],
    ['streaming@json', 'streaming@cbor'],
  ]);
  t.deepEqual(abPairs(['legacy', 'streaming']), [['legacy', 'streaming']]);
  t.deepEqual(contentPairs(['legacy', 'streaming']), []);
});

test('a cell plan: every informer and LIST speaks the cell encoding; churn is untouched', (t) => {
  const storm = buildPlan(resolveWorkload(workload('informer-storm'), []), 'legacy@cbor');
  t.is(storm.variant, 'legacy@cbor');
  t.is(storm.clientMode, 'list-watch');
  for (const sc of storm.scenarios) if (sc.kind === 'informers') t.is(sc.client.contentType, 'cbor');
  const list = buildPlan(resolveWorkload(workload('large-list'), []), 'streaming@protobuf');
  t.true(list.scenarios.every((sc) => sc.kind !== 'list-storm' || sc.accept === 'protobuf'));
  t.true(list.scenarios.some((sc) => sc.kind === 'list-storm'));
  t.throws(() => buildPlan(resolveWorkload(workload('informer-storm'), ['client=js']), 'streaming@cbor'), {
    message: /--content-types cbor: informer-storm: scenarios\[0\] uses client=js/,
  });
});

test('the mock refuses cbor cells before it starts, naming what to use', (t) => {
  t.throws(() => mockTarget.check([variantNamed('legacy@cbor')!]), { message: /the mock does not serve CBOR .*406.*--target local/ });
  t.notThrows(() => mockTarget.check([variantNamed('legacy@json')!, variantNamed('streaming@protobuf')!]));
});

test('the summary matrix: peaks and growth per encoding, streaming/legacy per row, each encoding vs the first', (t) => {
  const reps = [
    ...[1, 2, 3].flatMap((rep) => [
      repWithPeak('legacy@json', rep, (1000 + rep) * 2 ** 20, 100 * 2 ** 20),
      repWithPeak('streaming@json', rep, (200 + rep) * 2 ** 20, 100 * 2 ** 20),
      repWithPeak('legacy@cbor', rep, (4000 + rep) * 2 ** 20, 100 * 2 ** 20),
      repWithPeak('streaming@cbor', rep, (3900 + rep) * 2 ** 20, 100 * 2 ** 20),
    ]),
  ];
  const lines = formatContentMatrix(crossContentTypes(['legacy', 'streaming'], ['json', 'cbor']), reps);
  t.is(lines.length, 5);
  t.regex(
    lines[1]!,
    /\| encoding \| legacy peak \| legacy growth \| streaming peak \| streaming growth \| streaming\/legacy growth \| legacy growth vs json \| streaming growth vs json \|/,
  );
  t.regex(lines[3]!, /^\| json \| 1002\.0 MiB \| 902\.0 MiB \| 202\.0 MiB \| 102\.0 MiB \| 0\.113 \[0\.11\d, 0\.11\d\] \| 1 \| 1 \|$/);
  t.regex(lines[4]!, /^\| cbor \| .* \| 0\.974 \[.*\] \| 4\.32\d \[.*\] \| 37\.27\d \[.*\] \|$/);
  t.deepEqual(formatContentMatrix(['legacy', 'streaming'], reps), []);
});

test('ksb compare of one run with content types compares each A/B pair and each encoding', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'ksb-ct-'));
  const dir = await fakeRun(root, 'ct-run', {
    'legacy@json': { peaksMiB: [1000, 1010, 990] },
    'streaming@json': { peaksMiB: [200, 210, 190] },
    'legacy@cbor': { peaksMiB: [4000, 4010, 3990] },
    'streaming@cbor': { peaksMiB: [3900, 3910, 3890] },
  });
  const pairs = pairsFor([await loadRun(dir)], {});
  t.deepEqual(
    pairs.map((p) => `${p.baselineVariant} → ${p.candidateVariant}`),
    ['legacy@json → streaming@json', 'legacy@cbor → streaming@cbor', 'legacy@json → legacy@cbor', 'streaming@json → streaming@cbor'],
  );
});

test('ksb run --content-types: a bad list and cbor on the mock exit 2 naming the flag', async (t) => {
  const out = await mkdtemp(join(tmpdir(), 'ksb-ct-cli-'));
  const bad = await runKsb(['run', 'large-list', '--content-types', 'json,xml', '--out', out]);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--content-types: expected a comma list of json, protobuf, cbor, got "json,xml"/);
  const cbor = await runKsb(['run', 'large-list', '--content-types', 'cbor', '--out', out]);
  t.is(cbor.code, 2);
  t.regex(cbor.stderr, /the mock does not serve CBOR/);
});

test("run.json's clients say the encoding is per cell, not the workload parameter", (t) => {
  const w = resolveWorkload(workload('large-list'), []);
  const m = newManifest({
    runId: 'r',
    version: '0',
    engine: { name: 'ksb-runner', version: '0.1.0', go: 'go1.26.8', client_go: 'v0.37.2' },
    workload: w,
    variants: crossContentTypes(['legacy'], ['json', 'cbor']),
    reps: 1,
    targetKind: 'local',
    plan: buildPlan(w, 'legacy@json'),
  });
  t.is(m.clients[0]!.content_type, 'per cell: json, cbor');
});
