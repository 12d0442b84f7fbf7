// `ksb doctor`: versions of what the benchmark uses, and which targets can run here.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { cacheDir } from '../tools/cache.js';
import { commandOutput, containerEngine, goVersion } from '../tools/detect.js';
import { extensionHash, findK6, K6_VERSION } from '../tools/k6.js';

export function doctorCommand(): Command {
  return new Command('doctor').description('print tool versions and which targets are usable on this machine').action(async () => {
    const go = await goVersion();
    const k6 = await findK6().catch((e: Error) => ({ path: e.message, version: '?', extension: '?' }));
    const engine = await containerEngine();
    const kind = await commandOutput('kind', ['version']);
    const kubeconfig = process.env.KUBECONFIG || join(homedir(), '.kube', 'config');
    const lines = [
      `node        ${process.version}`,
      `go          ${go ?? 'not found (needed to build k6, kube-apiserver and etcd: install Go >= 1.25)'}`,
      `k6          ${k6 ? `${k6.version} (${k6.path})` : `not built yet: \`ksb run\` builds ${K6_VERSION} on first use, or run bash scripts/install-k6.sh`}`,
      `k6/x/kube   ${k6?.extension === 'KSB_K6' ? 'whatever KSB_K6 was built with (client-go workloads need k6/x/kube)' : `client-go extension, sources ${extensionHash()}${k6 ? '' : ' (built with k6)'}`}`,
      `cache       ${cacheDir()} (override with KSB_CACHE_DIR)`,
      '',
      'targets',
      `  mock        usable (embedded, needs nothing)`,
      `  local       ${go ? 'usable: kube-apiserver + etcd are built from Go modules on first use' : 'not usable: needs Go to build kube-apiserver and etcd'}`,
      `  kind        ${engine.ok && kind ? `usable (${engine.engine}, ${kind})` : `not usable: ${engine.ok ? 'kind is not installed' : engine.why}; use --target local instead`}`,
      `  kubeconfig  ${existsSync(kubeconfig) ? `kubeconfig at ${kubeconfig}` : `no kubeconfig at ${kubeconfig}`}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
