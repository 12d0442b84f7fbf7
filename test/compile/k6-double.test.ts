// Every built-in workload, compiled for k6's JS client, runs once against the mock through a double of the
// k6 modules it imports: a script that stock k6 could not run (a missing export, a thrown error, a module
// stock k6 lacks) fails CI without anyone building k6.
import test from 'ava';
import { compileK6Script } from '../../src/compile/compile.js';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { seed } from '../../src/seed/seed.js';
import { buildPlan, resolveWorkload } from '../../src/workload/resolve.js';
import { runWithDouble } from '../helpers/k6-double/run-script.js';
import { startMockProcess } from '../../src/targets/mock-process.js';
import { tempDir } from '../helpers/tmp.js';

const SMALL: Record<string, string[]> = {
  'informer-storm': ['client=js', 'informers=3', 'objects=20', 'objectSize=2KiB', 'duration=1s', 'churnPerSecond=4'],
  'large-list': ['client=js', 'clients=2', 'repeats=2', 'objects=20', 'objectSize=2KiB'],
  'reconnect-storm': ['client=js', 'informers=2', 'objects=10', 'objectSize=1KiB', 'drops=1', 'dropAfter=1s'],
  'many-small': ['client=js', 'informers=3', 'objects=50', 'objectSize=1536B', 'duration=1s'],
};

for (const w of BUILT_IN) {
  for (const variant of ['legacy', 'streaming']) {
    test.serial(`${w.name} (${variant}) compiled for stock k6 runs through the k6 double against the mock`, async (t) => {
      const sets = SMALL[w.name];
      if (!sets) return t.fail(`no small parameters for built-in workload ${w.name}: add them to SMALL`);
      const resolved = resolveWorkload(w, sets);
      const script = await compileK6Script(buildPlan(resolved, variant), 'test');
      t.notRegex(script, /from\s*["']k6\/x\/kube["']/, 'a JS-client script needs no k6/x/kube');
      // Its own process: the double's synchronous requests (setup, churn) block this one's event loop.
      const mock = await startMockProcess({ featureGates: 'WatchList=true' });
      t.teardown(() => mock.stop());
      await seed({ url: mock.url, insecureSkipTLSVerify: true } as Parameters<typeof seed>[0], resolved.seed);
      const samples = await runWithDouble(script, { KSB_TARGET_URL: mock.url }, await tempDir(t, 'ksb-k6-double-'));
      const requests = samples.filter((s) => s.metric === 'ksb_request_duration_ms');
      t.true(requests.length > 0, 'the script recorded requests');
      const failed = requests.filter((s) => s.metadata.error && s.tags.op !== 'watch');
      t.deepEqual(
        failed.map((s) => `${s.tags.op} ${s.tags.status}: ${s.metadata.error}`),
        [],
        'no failed request',
      );
      for (const s of requests) t.is(s.tags.variant, variant);
      if (w.name !== 'large-list') {
        const synced = samples.filter((s) => s.metric === 'ksb_time_to_synced_ms');
        t.true(synced.length >= Number(/informers=(\d+)/.exec(sets.join(' '))![1]), `every informer synced (${synced.length})`);
      }
    });
  }
}
