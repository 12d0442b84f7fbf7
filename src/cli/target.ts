// `ksb target install local`: build kube-apiserver and etcd ahead of a run (ksb run also does it on demand).
import { Command } from 'commander';
import { ensureKubeBinaries } from '../targets/local/binaries.js';
import { DEFAULT_KUBE_VERSION, parseKubeVersion } from '../targets/local/versions.js';

export function targetCommand(): Command {
  const target = new Command('target').description('install and manage targets');
  target
    .command('install')
    .description('build a target\'s binaries into the per-user cache')
    .argument('<target>', 'local')
    .option('--kube-version <version>', 'Kubernetes release', DEFAULT_KUBE_VERSION)
    .action(async (name: string, o: { kubeVersion: string }) => {
      if (name !== 'local') throw new Error(`target install: only "local" is built here (got "${name}"); kind and kubeconfig need nothing built`);
      const bins = await ensureKubeBinaries(parseKubeVersion(o.kubeVersion), (l) => process.stderr.write(`${l}\n`));
      process.stdout.write(`kube-apiserver ${bins.kubeApiserver}\netcd ${bins.etcd}\n`);
    });
  return target;
}
