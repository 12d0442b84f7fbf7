// Streaming on vs off on a release that has the encoding gates locked: kube-apiserver 1.34 emulating 1.33,
// with the gates it really ran with read back from /metrics and checked.
import test from 'ava';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { runBenchmark } from '../../src/run/run.js';
import { localTarget } from '../../src/targets/local/local-target.js';
import type { TargetProvider } from '../../src/targets/target.js';
import { requiredEngine } from '../helpers/engine.js';
import { readManifest } from '../helpers/results.js';
import { tempDir } from '../helpers/tmp.js';

export const EMULATING_RELEASE = '1.34.10';
const informerStorm = BUILT_IN.find((w) => w.name === 'informer-storm')!;
const SMALL = ['informers=2', 'objects=20', 'objectSize=4KiB', 'duration=2s', 'churnPerSecond=0'];

test.serial(`kube-apiserver ${EMULATING_RELEASE} emulates 1.33 for both variants and records the gates it ran with`, async (t) => {
  const out = await tempDir(t);
  const lines: string[] = [];
  const result = await runBenchmark({
    workload: informerStorm,
    sets: SMALL,
    variants: ['legacy', 'streaming'],
    reps: 1,
    outRoot: out,
    target: localTarget({ kubeVersion: EMULATING_RELEASE, log: (l) => lines.push(l) }),
    engine: await requiredEngine(),
    version: 'test',
    log: (l) => lines.push(l),
  });
  const manifest = await readManifest(result.dir);
  t.is(manifest.status, 'complete', manifest.reason);
  t.is(manifest.target.emulated_version, '1.33');
  t.true(
    lines.some((l) => /every variant runs with --emulated-version 1\.33/.test(l)),
    'the choice is said',
  );
  const encoding = { legacy: false, streaming: true } as Record<string, boolean>;
  for (const rep of manifest.repetitions) {
    t.is(rep.target.emulated_version, '1.33');
    t.like(rep.target.version, { gitVersion: `v${EMULATING_RELEASE}`, emulationMajor: '1', emulationMinor: '33' });
    t.true(rep.target.details.apiserver_flags.includes('--emulated-version=1.33'));
    t.like(rep.effective_gates, {
      WatchList: encoding[rep.variant],
      StreamingCollectionEncodingToJSON: encoding[rep.variant],
      StreamingCollectionEncodingToProtobuf: encoding[rep.variant],
    });
    // Gates nobody asked for run at their 1.33 defaults: recorded, since they change the server.
    t.true('ConsistentListFromCache' in rep.effective_gates && 'ListFromCacheSnapshot' in rep.effective_gates);
  }
  t.regex(result.summaryText, /server: kube-apiserver v1\.34\.10 emulating 1\.33/);
});

test.serial('a gate asked for but not in effect fails the repetition, naming the gate and both values', async (t) => {
  const out = await tempDir(t);
  const local = localTarget({ kubeVersion: EMULATING_RELEASE, log: () => {} });
  // A server that ignored part of its flags: the gates it was "started with" claim one it does not run.
  const ignoring: TargetProvider = {
    ...local,
    async start(variant) {
      const target = await local.start(variant);
      target.info.featureGates = { ...target.info.featureGates, CBORServingAndStorage: true };
      return target;
    },
  };
  const error = await t.throwsAsync(
    runBenchmark({
      workload: informerStorm,
      sets: SMALL,
      variants: ['streaming'],
      reps: 1,
      outRoot: out,
      target: ignoring,
      engine: await requiredEngine(),
      version: 'test',
      log: () => {},
    }),
  );
  t.regex(error.message, /CBORServingAndStorage: asked true, the server runs false/);
  const runs = await import('node:fs/promises').then((fs) => fs.readdir(out));
  const manifest = await readManifest(`${out}/${runs[0]}`);
  t.is(manifest.status, 'incomplete');
  t.is(manifest.repetitions[0].status, 'incomplete');
  t.regex(
    manifest.repetitions[0].reason,
    /variant streaming: the local target does not run the gates it was started with .*CBORServingAndStorage: asked true, the server runs false/,
  );
});
