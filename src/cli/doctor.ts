// `ksb doctor`: versions of what the benchmark uses, and which targets can run here.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { cacheDir } from '../tools/cache.js';
import { commandOutput, containerEngine, goVersion } from '../tools/detect.js';
import { findK6 } from '../tools/k6.js';
import { cachedRunnerPath, findRunner, goRequired, runnerHash } from '../tools/runner.js';

export function doctorCommand(): Command {
  return new Command('doctor').description('print tool versions and which targets are usable on this machine').action(async () => {
    const go = await goVersion();
    const runner = await findRunner().catch((e: Error) => e);
    const k6 = await findK6().catch((e: Error) => e);
    const engine = await containerEngine();
    const kind = await commandOutput('kind', ['version']);
    const kubeconfig = process.env.KUBECONFIG || join(homedir(), '.kube', 'config');
    const lines = [
      `node        ${process.version}`,
      `go          ${go ?? `not found (needed to build ksb-runner, kube-apiserver and etcd: install Go >= ${goRequired()})`}`,
      `engine      ${runner instanceof Error ? runner.message : runner ? `ksb-runner ${runner.version} (${runner.go}, client-go ${runner.client_go}) at ${runner.path}` : `ksb-runner (${runnerHash()}) not built yet: \`ksb run\` builds it on first use into ${cachedRunnerPath()}, or run bash scripts/build-runner.sh`}`,
      `k6          ${k6 instanceof Error ? k6.message : k6 ? `${k6.version} (${k6.path}, from ${k6.from}) for --engine k6` : 'none (optional, bring your own: --engine k6 with --k6 <path> or KSB_K6; it is AGPL-3.0, so ksb never builds it)'}`,
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
