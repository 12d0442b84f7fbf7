// A release: kube-apiserver (and the etcd it pins) built from the Go module proxy by scripts/build-kube.sh, cached
// per version.
import { NO_GO, runScript, ScriptFailed } from './script.js';

export async function buildRelease(version: string, log: (line: string) => void): Promise<string> {
  let out: string;
  try {
    out = await runScript('build-kube.sh', [version], log);
  } catch (e) {
    if (e instanceof ScriptFailed)
      throw new Error(
        e.code === 3
          ? `building kube-apiserver ${version} ${NO_GO}`
          : `building kube-apiserver ${version} failed (exit ${e.code}); see the lines above`,
        { cause: e },
      );
    throw e;
  }
  const path = /^kube-apiserver (\S+)$/m.exec(out)?.[1];
  if (!path) throw new Error(`scripts/build-kube.sh printed no kube-apiserver path: ${out}`);
  return path;
}
