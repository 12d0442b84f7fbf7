// The mock as a run target: a child process per variant, with the variant's gates.
import { targetGet } from './http-get.js';
import { allGates, gatesFlag, type Variant } from '../variants/variants.js';
import { startMockProcess } from './mock-process.js';
import { InputError } from '../errors/input-error.js';
import type { ListeningProcess } from './spawn-listening.js';
import type { RunningTarget, TargetProvider } from './target.js';

export const mockTarget: TargetProvider = {
  name: 'mock',
  check(variants) {
    if (variants.some((v) => v.contentType === 'cbor'))
      throw new InputError(
        'cbor: the mock does not serve CBOR (it answers 406 Not Acceptable, as a kube-apiserver without CBORServingAndStorage does); use --target local, or leave cbor out of --content-types',
      );
  },
  async start(variant: Variant): Promise<RunningTarget> {
    const gates = gatesFlag(allGates(variant));
    let proc: ListeningProcess = await startMockProcess({ featureGates: gates });
    const port = new URL(proc.url).port;
    let stopping = false;
    let onCrash: (why: string) => void = () => {};
    const crashed = new Promise<string>((r) => (onCrash = r));
    const watchExit = (p: ListeningProcess) =>
      void p.exited.then((code) => {
        if (!stopping && p === proc) onCrash(`mock apiserver exited (${code})`);
      });
    watchExit(proc);
    const target: RunningTarget = {
      url: proc.url,
      insecureSkipTLSVerify: false,
      pids: { apiserver: proc.pid },
      info: {
        kind: 'mock',
        version: JSON.parse((await targetGet({ url: proc.url, insecureSkipTLSVerify: false }, '/version')).body) as Record<string, unknown>,
        featureGates: allGates(variant),
        details: { port: Number(port) },
      },
      crashed,
      async restart() {
        // The mock keeps its objects in memory, so a restart loses them; the run seeds again afterwards.
        stopping = true;
        await proc.stop();
        proc = await startMockProcess({ featureGates: gates, extraArgs: ['--port', port] });
        stopping = false;
        target.pids.apiserver = proc.pid;
        watchExit(proc);
      },
      async stop() {
        stopping = true;
        await proc.stop();
      },
    };
    return target;
  },
};
