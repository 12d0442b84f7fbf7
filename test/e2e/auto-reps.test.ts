// --reps auto end to end on the mock: repetitions stop when the gated ratios are known, or at --max-reps, and
// run.json says which; one variant cannot be judged and is refused.
import test from 'ava';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { runBenchmark } from '../../src/run/run.js';
import { mockTarget } from '../../src/targets/mock-target.js';
import { runKsb } from '../helpers/cli.js';
import { requiredEngine } from '../helpers/engine.js';
import { readManifest } from '../helpers/results.js';
import { tempDir } from '../helpers/tmp.js';

test.serial('--reps auto stops at the first repetition count that settles, within --max-reps, and records why', async (t) => {
  const out = await tempDir(t);
  const result = await runBenchmark({
    workload: BUILT_IN.find((w) => w.name === 'informer-storm')!,
    sets: ['informers=2', 'objects=20', 'objectSize=4KiB', 'duration=1s', 'churnPerSecond=0'],
    variants: ['legacy', 'streaming'],
    reps: 4,
    auto: { maxReps: 4, threshold: 0.5 },
    outRoot: out,
    target: mockTarget,
    engine: await requiredEngine(),
    version: 'test',
    log: () => {},
  });
  const m = await readManifest(result.dir);
  t.is(m.status, 'complete');
  const stopped = m.reps_auto.stopped_after as number;
  t.true(stopped >= 3 && stopped <= 4, `stopped after ${stopped}`);
  t.is(m.repetitions.length, 2 * stopped);
  t.regex(m.reps_auto.why, stopped < 4 ? /^every gated ratio's 95% interval within ±50% \(widest: \w+ ±[\d.]+%\)$/ : /within ±50%/);
});

test('--reps auto with one variant is refused, naming the flag', async (t) => {
  const r = await runKsb(['run', 'informer-storm', '--reps', 'auto', '--variant', 'streaming']);
  t.is(r.code, 2);
  t.regex(r.stderr, /--reps auto repeats until the ratio between two variants is clear: use --variant both/);
  const bad = await runKsb(['run', 'informer-storm', '--reps', 'sometimes']);
  t.not(bad.code, 0);
  t.regex(bad.stderr, /expected a positive integer or "auto", got "sometimes"/);
});
