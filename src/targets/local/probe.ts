// A probe start: a kube-apiserver that does not know its release (a plain `go build` reports
// v0.0.0-master+$Format:%H$) started once with no gates, to read the release it runs as from /version's emulation
// fields, which come from the source it was built from (component-base's DefaultKubeBinaryVersion).
import { targetGet } from '../http-get.js';
import { startApiserver } from './apiserver.js';
import { writeCredentials } from './credentials.js';
import { startEtcd } from './etcd.js';
import { makeTargetDir, removeTargetDir } from './target-dir.js';
import { Teardown } from './teardown.js';

/** "1.34" as the running server's /version emulationMajor/emulationMinor say, or why they say nothing. */
export function servedRelease(version: Record<string, unknown>): { major: number; minor: number } | string {
  const major = Number(version.emulationMajor);
  const minor = Number(version.emulationMinor);
  if (!Number.isInteger(major) || !Number.isInteger(minor) || major < 1)
    return `its /version has no emulationMajor/emulationMinor (got ${JSON.stringify(version)})`;
  return { major, minor };
}

/** Starts etcd and the binary in a scratch directory, reads /version, and stops both (whatever happened). */
export async function probeVersion(binary: string, etcd: string, log: (line: string) => void): Promise<Record<string, unknown>> {
  const teardown = new Teardown();
  try {
    const dir = await makeTargetDir();
    teardown.add(() => removeTargetDir(dir));
    const credentials = await writeCredentials(dir);
    const db = await startEtcd(etcd, dir);
    teardown.add(() => db.process.stop());
    log(`local target: starting ${binary} once to read its release from /version (it reports no release of its own)`);
    const apiserver = await startApiserver({ binary, name: `kube-apiserver ${binary}`, etcdUrl: db.url, dir, credentials, gates: {} });
    teardown.add(() => apiserver.stop());
    return JSON.parse((await targetGet(apiserver.admin, '/version')).body) as Record<string, unknown>;
  } finally {
    await teardown.run();
  }
}
