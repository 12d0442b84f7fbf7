// The mock as a run target: a child process per variant, with the variant's gates; with a memory limit, in a
// memory cgroup of its own, so the kernel OOM-kills it as it would a kube-apiserver under --memory-limit.
import { randomBytes } from 'node:crypto';
import { targetGet } from './http-get.js';
import { allGates, gatesFlag, type Variant } from '../variants/variants.js';
import { createMemoryCgroup, type MemoryCgroup } from './local/memory-limit.js';
import { startMockProcess } from './mock-process.js';
import { InputError } from '../errors/input-error.js';
import type { ListeningProcess } from './spawn-listening.js';
import type { RunningTarget, TargetProvider } from './target.js';

export function mockTargetWith(o: { memoryLimit?: number } = {}): TargetProvider {
  return {
    name: 'mock',
    check(variants) {
      if (variants.some((v) => v.contentType === 'cbor'))
        throw new InputError(
          'cbor: the mock does not serve CBOR (it answers 406 Not Acceptable, as a kube-apiserver without CBORServingAndStorage does); use --target local, or leave cbor out of --content-types',
        );
    },
    async start(variant: Variant): Promise<RunningTarget> {
      const gates = gatesFlag(allGates(variant));
      const cgroup: MemoryCgroup | undefined = o.memoryLimit
        ? await createMemoryCgroup(`ksb-mock-${randomBytes(4).toString('hex')}`, o.memoryLimit)
        : undefined;
      const start = (extraArgs?: string[]) => startMockProcess({ featureGates: gates, extraArgs, cgroupProcs: cgroup?.procsFile });
      let proc: ListeningProcess = await start().catch(async (e: Error) => {
        await cgroup?.remove();
        throw e;
      });
      const port = new URL(proc.url).port;
      let stopping = false;
      let onCrash: (why: string) => void = () => {};
      const crashed = new Promise<string>((r) => (onCrash = r));
      const watchExit = (p: ListeningProcess) =>
        void p.exited.then(async (code) => {
          if (stopping || p !== proc) return;
          const oom = (await cgroup?.oomKilled()) ? ' (OOM-killed: over --memory-limit)' : '';
          onCrash(`mock apiserver exited (${code})${oom}`);
        });
      watchExit(proc);
      const target: RunningTarget = {
        url: proc.url,
        insecureSkipTLSVerify: false,
        pids: { apiserver: proc.pid },
        info: {
          kind: 'mock',
          version: JSON.parse((await targetGet({ url: proc.url, insecureSkipTLSVerify: false }, '/version')).body) as Record<
            string,
            unknown
          >,
          featureGates: allGates(variant),
          details: { port: Number(port), ...(o.memoryLimit ? { memory_limit_bytes: o.memoryLimit } : {}) },
        },
        crashed,
        async restart() {
          // The mock keeps its objects in memory, so a restart loses them; the run seeds again afterwards.
          stopping = true;
          await proc.stop();
          proc = await start(['--port', port]);
          stopping = false;
          target.pids.apiserver = proc.pid;
          watchExit(proc);
        },
        async stop() {
          stopping = true;
          await proc.stop();
          await cgroup?.remove();
        },
      };
      return target;
    },
  };
}

export const mockTarget: TargetProvider = mockTargetWith();
