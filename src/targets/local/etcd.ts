// etcd for a local target: one member on 127.0.0.1, plain HTTP, in the target's directory.
import { join } from 'node:path';
import { freePort } from './ports.js';
import { startGroupProcess, type GroupProcess } from './process-group.js';
import { waitReady } from './readiness.js';

export interface LocalEtcd {
  /** the client URL kube-apiservers are given (--etcd-servers) */
  url: string;
  process: GroupProcess;
}

function etcdFlags(dir: string, clientUrl: string, peerUrl: string): string[] {
  return [
    ...['--name', 'ksb', '--data-dir', join(dir, 'etcd')],
    ...['--listen-client-urls', clientUrl, '--advertise-client-urls', clientUrl],
    ...['--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl, '--initial-cluster', `ksb=${peerUrl}`],
    '--unsafe-no-fsync',
    ...['--quota-backend-bytes', String(8 * 1024 ** 3)],
    ...['--log-level', 'warn'],
  ];
}

/** Starts etcd from `binary` with its data and log in `dir`, and waits until it is healthy (stopped if it is not). */
export async function startEtcd(binary: string, dir: string): Promise<LocalEtcd> {
  const url = `http://127.0.0.1:${await freePort()}`;
  const peerUrl = `http://127.0.0.1:${await freePort()}`;
  const logFile = join(dir, 'etcd.log');
  const process = startGroupProcess(binary, etcdFlags(dir, url, peerUrl), logFile);
  try {
    await waitReady('etcd', async () => (await fetch(`${url}/health`)).ok, process.exited, logFile, 30_000);
  } catch (e) {
    await process.stop();
    throw e;
  }
  return { url, process };
}
