// A started local target as the run pipeline sees it: the admin's connection, the load's identity, the processes
// whose end is a crash of the target, the apiserver's restart for reconnect storms, and the stop that undoes it all.
import type { LoadIdentity, RunningTarget, TargetInfo } from '../target.js';
import type { Apiserver } from './apiserver.js';
import type { LocalEtcd } from './etcd.js';
import type { MemoryCgroup } from './memory-limit.js';
import type { Teardown } from './teardown.js';

interface LocalTargetParts {
  etcd: LocalEtcd;
  apiserver: Apiserver;
  load: LoadIdentity;
  cgroup?: MemoryCgroup;
  info: TargetInfo;
  teardown: Teardown;
  log: (line: string) => void;
}

// kube-apiserver drains for up to a minute while watches stay open (http.Server.Shutdown waits on their
// connections): a storm's restart gives it RESTART_GRACE_MS, as a kubelet gives a pod its grace period.
const RESTART_GRACE_MS = 2_000;

function crashOf(p: LocalTargetParts): Promise<string> {
  return Promise.race([
    p.apiserver.crashed.then(async (why) => {
      const oom = (await p.cgroup?.oomKilled()) ? ' (OOM-killed: over --memory-limit)' : '';
      return `kube-apiserver exited: ${why}${oom}`;
    }),
    // etcd dying leaves kube-apiserver up but unable to serve writes or consistent reads: a crash of the target.
    p.etcd.process.crashed.then((why) => `etcd exited: ${why} (kube-apiserver stayed up without its storage)`),
  ]);
}

export function runningLocalTarget(p: LocalTargetParts): RunningTarget {
  const { apiserver } = p;
  const target: RunningTarget = {
    ...apiserver.admin,
    load: p.load,
    pids: { apiserver: apiserver.process.pid, etcd: p.etcd.process.pid },
    info: p.info,
    crashed: crashOf(p),
    async restart() {
      const t0 = Date.now();
      await apiserver.stop(RESTART_GRACE_MS);
      const t1 = Date.now();
      await apiserver.start();
      target.pids.apiserver = apiserver.process.pid;
      const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
      p.log(`local target: kube-apiserver stopped in ${seconds(t0, t1)} s, ready again in ${seconds(t1, Date.now())} s`);
    },
    stop: () => p.teardown.run(),
  };
  return target;
}
