// A build spec to a kube-apiserver binary and its identity: a release is built from the module proxy, a binary is
// checked as it is, a checkout is built (or found in the cache). This is the layer's entry point.
import { inspectBinary, type ResolvedBuild } from './binary.js';
import { buildCheckout } from './checkout.js';
import { buildRelease } from './release.js';
import type { BuildSpec } from './spec.js';

/** `where` names the flag in refusals; `say` receives progress lines (stderr in the CLI). */
export async function resolveBuild(spec: BuildSpec, where: string, say: (line: string) => void): Promise<ResolvedBuild> {
  switch (spec.kind) {
    case 'release':
      return inspectBinary(await buildRelease(spec.version, say), where, { spec: spec.text, kind: 'release' });
    case 'binary':
      return inspectBinary(spec.path, where, { spec: spec.text, kind: 'binary' });
    case 'checkout':
      return buildCheckout(spec, where, say);
  }
}
