// npm run bench:capacity — how many informers each variant holds: informer-storm on the mock under an
// RSS-growth limit, and (when kube-apiserver is built) on the local target under a hard memory cap,
// where the OOM kill itself ends a probe.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseLimit } from '../src/capacity/limits.js';
import { runCapacity } from '../src/capacity/capacity.js';
import { localTarget } from '../src/targets/local/local-target.js';
import { DEFAULT_KUBE_VERSION } from '../src/targets/versions.js';
import { mockTarget } from '../src/targets/mock-target.js';
import { cacheDir } from '../src/tools/cache.js';
import { defaultEngine } from '../src/cli/engine-flags.js';
import { BUILT_IN } from '../src/cli/workload-registry.js';

async function main() {
  const engine = await defaultEngine();
  const workload = BUILT_IN.find((w) => w.name === 'informer-storm')!;
  const log = (l: string) => (/: (passed|failed)/.test(l) ? process.stderr.write(`${l}\n`) : undefined);
  const common = {
    workload,
    param: 'informers',
    variants: ['legacy', 'streaming'],
    reps: 1,
    outRoot: 'results',
    engine,
    version: 'bench:capacity',
    log,
  };

  console.log('bench:capacity — informer-storm, 100 Secrets × 64 KiB, 5 s hold, no churn');
  const mock = await runCapacity({
    ...common,
    sets: ['objects=100', 'objectSize=64KiB', 'duration=5s', 'churnPerSecond=0'],
    limits: [parseLimit('apiserver_rss_growth_bytes<=150MiB', '--limit')],
    search: { start: 8, max: 512, factor: 2, precision: 0.1 },
    target: mockTarget,
  });
  console.log(`\nmock: ${mock.text}\n  ${mock.dir}/capacity.csv\n`);

  if (!existsSync(join(cacheDir(), 'bin', `kube-apiserver-v${DEFAULT_KUBE_VERSION}`))) {
    console.log(`local: skipped (kube-apiserver ${DEFAULT_KUBE_VERSION} is not built; run ksb target install local)`);
    return;
  }
  const local = await runCapacity({
    ...common,
    sets: ['objects=200', 'objectSize=256KiB', 'duration=15s', 'churnPerSecond=0'],
    limits: [],
    search: { start: 2, max: 64, factor: 2, precision: 0.1 },
    target: localTarget({ kubeVersion: DEFAULT_KUBE_VERSION, memoryLimit: 1024 ** 3, log: () => {} }),
  });
  console.log(
    `\nlocal (kube-apiserver ${DEFAULT_KUBE_VERSION} under a 1 GiB cgroup limit, 200 Secrets × 256 KiB): ${local.text.replace('under no errors', 'without an OOM kill or errors')}\n  ${local.dir}/capacity.csv`,
  );
}

main().catch((e) => {
  console.error(`bench:capacity failed: ${(e as Error).message}`);
  process.exit(1);
});
